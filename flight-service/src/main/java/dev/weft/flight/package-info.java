/** The Arrow Flight server that hosts stage outputs as named, partitioned streams. */
package dev.weft.flight;
