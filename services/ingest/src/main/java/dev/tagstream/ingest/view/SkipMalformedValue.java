package dev.tagstream.ingest.view;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The view only reads what others wrote: a value that is not our contract is skipped with one log
 * line naming where it is and why (Streams' dropped-records metric counts it), never a stack trace
 * and never fatal. Dead-lettering it is the feedback app's and the worker's job, not a read-only
 * view's.
 */
public final class SkipMalformedValue implements DeserializationExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(SkipMalformedValue.class);

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    Throwable cause = exception.getCause() != null ? exception.getCause() : exception;
    log.warn(
        "skipping malformed value at {}-{}@{}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        cause.getMessage());
    return Response.resume();
  }

  @Override
  public void configure(java.util.Map<String, ?> configs) {
    // nothing to configure
  }
}
