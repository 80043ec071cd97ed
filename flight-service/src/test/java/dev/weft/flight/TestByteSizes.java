package dev.weft.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestByteSizes {
    @Test
    void parsesBytesAndBinaryUnits() {
        assertThat(ByteSizes.parse("1048576")).isEqualTo(1_048_576);
        assertThat(ByteSizes.parse("64k")).isEqualTo(64 * 1024);
        assertThat(ByteSizes.parse("512m")).isEqualTo(512L << 20);
        assertThat(ByteSizes.parse("512M")).isEqualTo(512L << 20);
        assertThat(ByteSizes.parse("512MiB")).isEqualTo(512L << 20);
        assertThat(ByteSizes.parse("2g")).isEqualTo(2L << 30);
        assertThat(ByteSizes.parse("2gb")).isEqualTo(2L << 30);
        assertThat(ByteSizes.parse("1t")).isEqualTo(1L << 40);
    }

    @Test
    void refusesWhatIsNotAPositiveSize() {
        for (String bad : new String[] {"", "m", "-1", "1.5g", "12q", "0", "0m", "lots"}) {
            assertThatThrownBy(() -> ByteSizes.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'%s'".formatted(bad));
        }
        assertThatThrownBy(() -> ByteSizes.parse("9999999999999999999")).hasMessageContaining("too large");
        assertThatThrownBy(() -> ByteSizes.parse("9000000000t")).hasMessageContaining("too large");
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertThat(ByteSizes.format(512L << 20)).isEqualTo("512 MiB");
        assertThat(ByteSizes.format(1536 * 1024)).isEqualTo("1536 KiB");
        assertThat(ByteSizes.format(100)).isEqualTo("100 bytes");
        assertThat(ByteSizes.format(2L << 40)).isEqualTo("2 TiB");
    }
}
