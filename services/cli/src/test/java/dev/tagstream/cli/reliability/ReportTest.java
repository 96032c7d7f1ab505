package dev.tagstream.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReportTest {
  @Test
  void exactFiguresPassOnlyWhenEqualAndTheTableCountsFailures() {
    Report r = new Report();
    r.exact("load", "missing", 0, 0);
    r.exact("load", "duplicated", 0, 3);
    r.figure("load", "retries", "2");
    r.add("security", "a|b", "401", "200", false);
    assertEquals(2, r.failures());
    assertEquals(
        """
        | section | check | expected | observed | ok |
        |---|---|---|---|---|
        | load | missing | 0 | 0 | yes |
        | load | duplicated | 0 | 3 | **NO** |
        | load | retries |  | 2 | yes |
        | security | a\\|b | 401 | 200 | **NO** |

        4 checks, 2 failed
        """,
        r.markdown());
  }
}
