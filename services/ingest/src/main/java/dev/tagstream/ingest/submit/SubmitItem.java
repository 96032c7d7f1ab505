package dev.tagstream.ingest.submit;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One item to submit, named by where it came from ({@code line 12}, {@code cats/tabby.png}); {@code
 * problem} is set instead of {@code json} when it could not even be read.
 */
record SubmitItem(String origin, String id, ObjectNode json, String problem) {
  static SubmitItem of(String origin, String id, ObjectNode json) {
    return new SubmitItem(origin, id, json, null);
  }

  static SubmitItem unreadable(String origin, String problem) {
    return new SubmitItem(origin, null, null, problem);
  }
}
