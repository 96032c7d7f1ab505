package dev.tagstream.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsScrapeTest {
  @Test
  void readsOnlineQualityPerModelVersionFromAPrometheusScrape() {
    String scrape =
        """
        # HELP tagstream_quality_online_precision x
        tagstream_quality_online_precision{model_version="v0001",service="feedback"} 0.25
        tagstream_quality_online_recall{model_version="v0001",service="feedback"} 0.5
        tagstream_quality_online_precision{model_version="v0002",service="feedback"} NaN
        tagstream_quality_online_judgements_total{model_version="v0001",outcome="tp"} 3.0
        """;
    var q = MetricsScrape.parse(scrape);
    assertEquals(Map.of("precision", 0.25, "recall", 0.5), q.get("v0001"));
    assertEquals(Double.NaN, q.get("v0002").get("precision"));
    assertEquals(2, q.size());
  }

  @Test
  void readsAGaugeWithOrWithoutLabelsAndNaNWhenAbsent() {
    String scrape =
        "# HELP tagstream_trainer_training_active x\n"
            + "tagstream_trainer_training_active_seconds{service=\"trainer\"} 7.0\n"
            + "tagstream_trainer_training_active{service=\"trainer\"} 1.0\n"
            + "plain_gauge 2.5\n";
    org.junit.jupiter.api.Assertions.assertEquals(
        1.0, MetricsScrape.gauge(scrape, "tagstream_trainer_training_active"));
    org.junit.jupiter.api.Assertions.assertEquals(2.5, MetricsScrape.gauge(scrape, "plain_gauge"));
    org.junit.jupiter.api.Assertions.assertTrue(
        Double.isNaN(MetricsScrape.gauge(scrape, "missing")));
  }
}
