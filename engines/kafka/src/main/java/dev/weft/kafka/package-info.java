/** Kafka connector. */
package dev.weft.kafka;
