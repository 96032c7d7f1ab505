package dev.tagstream.ingest.api;

/**
 * What is wrong with one field of one submitted item; {@code field} is a JSON path such as {@code
 * labels[2]}.
 */
record FieldError(String field, String message) {}
