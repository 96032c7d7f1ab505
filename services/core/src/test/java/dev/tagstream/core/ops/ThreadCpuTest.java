package dev.tagstream.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
  @Test
  void namesTheJvmsOwnThreadsByTheirKernelNames() {
    assertEquals("JIT", ThreadCpu.jvmRole("C2 CompilerThre"));
    assertEquals("JIT", ThreadCpu.jvmRole("C1 CompilerThre"));
    assertEquals("GC", ThreadCpu.jvmRole("GC Thread#0"));
    assertEquals("GC", ThreadCpu.jvmRole("G1 Conc#0"));
    assertNull(ThreadCpu.jvmRole("ingest-http-1"));
    assertNull(ThreadCpu.jvmRole("java"));
  }

  @Test
  void countsTheCpuOfANamedThread() throws Exception {
    CountDownLatch spun = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread busy =
        new Thread(
            () -> {
              ThreadMXBean mx = ManagementFactory.getThreadMXBean();
              long x = 0;
              while (mx.getCurrentThreadCpuTime() < 300_000_000L) { // 300 ms of its own CPU
                x += System.identityHashCode(new Object());
              }
              spun.countDown();
              try {
                release.await(); // alive, so its /proc entry is still there when read
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              if (x == 42) {
                System.out.println(x);
              }
            },
            "threadcpu-busy");
    busy.start();
    assertTrue(spun.await(60, TimeUnit.SECONDS));
    Map<String, Long> cpu =
        ThreadCpu.byGroup(name -> name.startsWith("threadcpu-busy") ? "busy" : "rest");
    release.countDown();
    busy.join();
    // the kernel counts in 10 ms ticks, and may charge a tick to the next one
    assertTrue(cpu.getOrDefault("busy", 0L) >= 280_000_000L, cpu.toString());
    assertTrue(cpu.getOrDefault("rest", 0L) > 0, cpu.toString());
  }
}
