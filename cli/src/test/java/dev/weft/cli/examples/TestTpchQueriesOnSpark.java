package dev.weft.cli.examples;

import dev.weft.adaptive.WeftConfig;

/** The example TPC-H queries with every operator on the Spark engine (a real engine host), against the reference answers. */
class TestTpchQueriesOnSpark extends TestTpchQueries {
    @Override
    protected WeftConfig config() {
        return WeftConfig.builder().parallelism(2).engine("spark").build();
    }
}
