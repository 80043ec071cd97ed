package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestEditDistance {
    @Test
    void countsInsertionsDeletionsAndSubstitutions() {
        assertThat(EditDistance.between("network", "network")).isZero();
        assertThat(EditDistance.between("net", "network")).isEqualTo(4);
        assertThat(EditDistance.between("--inptu", "--input")).isEqualTo(2);
        assertThat(EditDistance.between("ns-per-byte-ot", "ns-per-byte-out")).isEqualTo(1);
        assertThat(EditDistance.between("", "abc")).isEqualTo(3);
        assertThat(EditDistance.between("kitten", "sitting")).isEqualTo(3);
    }
}
