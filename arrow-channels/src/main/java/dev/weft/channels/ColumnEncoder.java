package dev.weft.channels;

/** Takes one column's value from a parent element (record, Row or scalar) and writes it at an index. */
abstract class ColumnEncoder {
    abstract void encode(Object parent, int index);
}
