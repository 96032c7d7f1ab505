package dev.tagstream.ingest.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class IdempotentRepliesTest {
  private final AtomicLong now = new AtomicLong();
  private final IdempotentReplies replies =
      new IdempotentReplies(3, Duration.ofMinutes(10), now::get);
  private final AtomicInteger handled = new AtomicInteger();

  private Supplier<Reply> answering(int status) {
    return () -> {
      handled.incrementAndGet();
      return Reply.of(status, JsonNodeFactory.instance.objectNode().put("n", handled.get()));
    };
  }

  private static byte[] body(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aRepeatOfTheSameBatchGetsTheFirstAnswerWithoutBeingHandledAgain() {
    Reply first = replies.reply("k1", body("[1]"), answering(202));
    Reply again = replies.reply("k1", body("[1]"), answering(202));
    assertSame(first, again);
    assertEquals(1, handled.get());
    replies.reply("k2", body("[1]"), answering(202)); // another key is another batch
    assertEquals(2, handled.get());
  }

  @Test
  void aKeyReusedWithAnotherBodyIsRefused() {
    replies.reply("k1", body("[1]"), answering(202));
    ApiException e =
        assertThrows(ApiException.class, () -> replies.reply("k1", body("[2]"), answering(202)));
    assertEquals(422, e.status());
    assertEquals(
        "Idempotency-Key 'k1' was sent before with a different body; use a new key for a new batch",
        e.getMessage());
    assertEquals(1, handled.get());
  }

  @Test
  void anErrorAnswerIsForgottenSoTheRepeatIsHandledAnew() {
    replies.reply("k1", body("[1]"), answering(503));
    replies.reply("k1", body("[1]"), answering(202));
    assertEquals(2, handled.get());
    assertThrows(
        IllegalStateException.class,
        () ->
            replies.reply(
                "k2",
                body("[1]"),
                () -> {
                  throw new IllegalStateException("boom");
                }));
    replies.reply("k2", body("[1]"), answering(202));
    assertEquals(3, handled.get());
  }

  @Test
  void answersAreKeptForTheirTimeAndUpToTheCapacity() {
    replies.reply("k1", body("[1]"), answering(202));
    now.addAndGet(Duration.ofMinutes(10).toNanos() + 1);
    replies.reply("k1", body("[1]"), answering(202)); // expired: handled again
    assertEquals(2, handled.get());
    replies.reply("k2", body("[1]"), answering(202));
    replies.reply("k3", body("[1]"), answering(202));
    replies.reply("k4", body("[1]"), answering(202)); // capacity 3: the oldest, k1, goes
    replies.reply("k4", body("[1]"), answering(202));
    assertEquals(5, handled.get());
    replies.reply("k1", body("[1]"), answering(202));
    assertEquals(6, handled.get());
  }

  @Test
  void refusesAKeyThatIsNotVisibleAscii() {
    for (String bad : new String[] {"", "a b", "é", "x".repeat(201)}) {
      ApiException e =
          assertThrows(ApiException.class, () -> replies.reply(bad, body("[1]"), answering(202)));
      assertEquals(400, e.status(), bad);
    }
    assertEquals(0, handled.get());
  }

  @Test
  void aRepeatArrivingWhileTheFirstIsHandledWaitsForItsAnswer() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Reply> first =
          pool.submit(
              () ->
                  replies.reply(
                      "k1",
                      body("[1]"),
                      () -> {
                        inside.countDown();
                        try {
                          release.await();
                        } catch (InterruptedException e) {
                          throw new IllegalStateException(e);
                        }
                        return answering(202).get();
                      }));
      inside.await();
      Future<Reply> repeat = pool.submit(() -> replies.reply("k1", body("[1]"), answering(202)));
      Thread.sleep(100);
      assertEquals(false, repeat.isDone()); // it waits rather than storing the batch a second time
      release.countDown();
      assertSame(first.get(5, TimeUnit.SECONDS), repeat.get(5, TimeUnit.SECONDS));
      assertEquals(1, handled.get());
    } finally {
      pool.shutdownNow();
    }
  }
}
