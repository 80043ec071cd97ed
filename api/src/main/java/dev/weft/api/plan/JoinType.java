package dev.weft.api.plan;

/** Join types: INNER, LEFT (outer: unmatched left rows with NULL right columns), SEMI and ANTI (left columns only). */
public enum JoinType {
    INNER,
    LEFT,
    SEMI,
    ANTI
}
