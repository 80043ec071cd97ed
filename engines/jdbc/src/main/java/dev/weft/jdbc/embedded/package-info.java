/** A real PostgreSQL server from Maven artifacts, for tests and demos. */
package dev.weft.jdbc.embedded;
