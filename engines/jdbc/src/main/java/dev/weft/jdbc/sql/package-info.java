/** SQL generation in a dialect (PostgreSQL, or generic SQL:2008): quoted identifiers, literals as bind parameters, lambdas only through their SQL hints. */
package dev.weft.jdbc.sql;
