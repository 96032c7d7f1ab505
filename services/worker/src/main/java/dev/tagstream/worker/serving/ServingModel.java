package dev.tagstream.worker.serving;

import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.image.ImagePreprocessor;
import dev.tagstream.model.infer.ScoreBatch;
import dev.tagstream.model.infer.Scorer;

/**
 * A loaded, validated model version as the worker serves it: the scorer plus its version and label
 * selection.
 */
public final class ServingModel implements AutoCloseable {
  private final Scorer scorer;
  private final String version;
  private final LabelSelector selector;
  private volatile boolean closed;

  ServingModel(Scorer scorer, int topK) {
    this.scorer = scorer;
    ModelArtifact a = scorer.artifact();
    this.version = a.info().version();
    String[] names = new String[a.vocabulary().size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = a.vocabulary().name(i);
    }
    this.selector = new LabelSelector(names, a.thresholds(), topK);
  }

  public String version() {
    return version;
  }

  public int labelCount() {
    return scorer.artifact().vocabulary().size();
  }

  public ImagePreprocessor preprocessor() {
    return scorer.preprocessor();
  }

  public LabelSelector selector() {
    return selector;
  }

  public ScoreBatch score(java.util.List<float[]> preprocessed) {
    return scorer.score(preprocessed);
  }

  /** True once closed: its weights are gone and it can score nothing. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    scorer.close();
  }
}
