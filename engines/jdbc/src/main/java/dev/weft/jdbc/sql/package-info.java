/** SQL generation for the PostgreSQL dialect: quoted identifiers, literals as bind parameters. */
package dev.weft.jdbc.sql;
