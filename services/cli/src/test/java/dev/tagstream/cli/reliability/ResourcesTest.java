package dev.tagstream.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResourcesTest {
  @Test
  void readsResidentMemoryAndThreadsFromProcStatus() {
    String status = "Name:\tjava\nVmPeak:\t 5000000 kB\nVmRSS:\t  412336 kB\nThreads:\t73\n";
    assertEquals(412336, Resources.statusField(status, "VmRSS"));
    assertEquals(73, Resources.statusField(status, "Threads"));
    assertTrue(Double.isNaN(Resources.statusField(status, "VmSwap")));
  }

  @Test
  void heapIsTheSumOfTheHeapPoolsOnly() {
    String scrape =
        """
        # HELP jvm_memory_used_bytes The amount of used memory
        jvm_memory_used_bytes{area="heap",id="G1 Eden Space",service="worker"} 4.194304E7
        jvm_memory_used_bytes{area="heap",id="G1 Old Gen",service="worker"} 2.097152E7
        jvm_memory_used_bytes{area="nonheap",id="Metaspace",service="worker"} 9.0E7
        jvm_memory_used_bytes{area="heap",id="G1 Survivor Space",service="worker"} 1048576.0
        jvm_threads_live_threads{service="worker"} 58.0
        """;
    assertEquals(41943040 + 20971520 + 1048576, Resources.heapBytes(scrape));
    assertTrue(Double.isNaN(Resources.heapBytes("")));
  }

  @Test
  void aProcessThatIsGoneReadsAsUnreadable() {
    assertEquals(Resources.UNREADABLE, Resources.read(-1, 0));
    assertTrue(Double.isNaN(Resources.read(Integer.MAX_VALUE, 0).rssMiB()));
  }

  @Test
  void thisProcessHasResidentMemoryThreadsAndOpenFiles() {
    Resources r = Resources.read(ProcessHandle.current().pid(), 0);
    assertTrue(r.rssMiB() > 10, r.toString());
    assertTrue(r.threads() >= 1, r.toString());
    assertTrue(r.openFiles() >= 3, r.toString());
    assertTrue(Double.isNaN(r.heapMiB()), "no port, no scrape");
  }
}
