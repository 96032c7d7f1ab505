package dev.tagstream.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpHandler;
import dev.tagstream.contracts.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;

/** Builds the API's HTTP routes, to be served by the service's OpsServer next to /metrics. */
public final class IngestApi {
  static final String SOURCE = "api";

  private IngestApi() {}

  /**
   * {@code /v1/images}, {@code /v1/labels}, a label's history {@code /v1/labels/{name}}, the review
   * endpoints {@code /v1/review/*} and {@code /v1/vocabulary} (GET and POST; bearer token when
   * configured), the review pages under {@code /review/} (open unless reviewRequiresToken), {@code
   * /openapi.json} (open), and a JSON 404 for every other path. The producer must be idempotent
   * with acks=all; the caller owns and closes it.
   */
  public static Map<String, HttpHandler> routes(
      ApiConfig config,
      String topicPrefix,
      Producer<String, byte[]> producer,
      ImageLookup lookup,
      AddedLabels addedLabels,
      ReviewParts review,
      MeterRegistry registry,
      Clock clock) {
    IngestMetrics metrics = new IngestMetrics(registry);
    Publisher publisher = new Publisher(producer, config.produceTimeout(), metrics);
    RecentVocabulary added = new RecentVocabulary(addedLabels);
    LabelRule labels = new LabelRule(config.vocabulary(), added);
    TokenGuard token = TokenGuard.api(config.token());
    var images =
        new BatchIngest<>(
            "image",
            Topics.IMAGES.name(topicPrefix),
            Topics.IMAGES.valueSerde(),
            new ImageItems(new UriRule(config.uriSchemes()), labels, clock, SOURCE),
            publisher,
            config.maxBatch(),
            true,
            metrics);
    var confirmations =
        new BatchIngest<>(
            "label",
            Topics.LABELS.name(topicPrefix),
            Topics.LABELS.valueSerde(),
            new LabelItems(labels, clock, SOURCE),
            publisher,
            config.maxBatch(),
            false,
            metrics);
    var vocabularyChanges =
        new BatchIngest<>(
            "vocabulary",
            Topics.VOCABULARY.name(topicPrefix),
            Topics.VOCABULARY.valueSerde(),
            new VocabularyItems(
                () -> VocabularyRoute.base(config.vocabulary(), review.artifacts()),
                added,
                clock,
                SOURCE),
            publisher,
            config.maxBatch(),
            true,
            metrics,
            added::stored);
    JsonNode openApi = openApi();

    LabelHistoryRoute history =
        new LabelHistoryRoute(
            () -> VocabularyRoute.base(config.vocabulary(), review.artifacts()),
            addedLabels,
            review.artifacts(),
            review.labels());
    Map<String, HttpHandler> routes = new LinkedHashMap<>();
    routes.put(
        ImagesRoute.PATH,
        new JsonEndpoint(
            "images", token, new ImagesRoute(images, lookup, config.maxBodyBytes()), metrics));
    routes.put(
        LabelsRoute.PATH,
        new JsonEndpoint(
            "labels",
            token,
            new LabelsRoute(confirmations, config.maxBodyBytes(), history),
            metrics));
    routes.put(LabelHistoryRoute.PATH, new JsonEndpoint("label-history", token, history, metrics));
    routes.put(
        ReviewQueueRoute.PATH,
        new JsonEndpoint("review-queue", token, new ReviewQueueRoute(review.queue()), metrics));
    routes.put(
        ReviewImageRoute.PATH,
        new JsonEndpoint(
            "review-images", token, new ReviewImageRoute(lookup, review.fileRoots()), metrics));
    routes.put(
        ModelsRoute.PATH,
        new JsonEndpoint("review-models", token, new ModelsRoute(review.artifacts()), metrics));
    routes.put(
        VocabularyRoute.PATH,
        new JsonEndpoint(
            "vocabulary",
            token,
            new VocabularyRoute(
                config.vocabulary(),
                review.artifacts(),
                added,
                vocabularyChanges,
                config.maxBodyBytes()),
            metrics));
    routes.put(
        PagesRoute.PATH,
        new JsonEndpoint(
            "review-pages",
            config.reviewRequiresToken() ? TokenGuard.pages(config.token()) : TokenGuard.OPEN,
            new PagesRoute(),
            metrics));
    routes.put(
        "/openapi.json",
        new JsonEndpoint(
            "openapi",
            TokenGuard.OPEN,
            ex -> {
              if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                throw ApiException.methodNotAllowed(ex.getRequestMethod(), "GET");
              }
              return Reply.of(200, openApi);
            },
            metrics));
    routes.put(
        "/",
        new JsonEndpoint(
            "other",
            TokenGuard.OPEN,
            ex -> {
              throw ApiException.notFound(ex.getRequestURI().getPath());
            },
            metrics));
    return routes;
  }

  static JsonNode openApi() {
    try (InputStream in = IngestApi.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the ingest jar");
      }
      return JsonBody.JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read openapi.json", e);
    }
  }
}
