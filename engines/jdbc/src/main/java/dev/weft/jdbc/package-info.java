/** PostgreSQL and generic JDBC engine. */
package dev.weft.jdbc;
