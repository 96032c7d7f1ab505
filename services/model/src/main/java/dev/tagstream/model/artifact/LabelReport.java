package dev.tagstream.model.artifact;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one version knew of each label: its observed training positives and negatives (after
 * hierarchy completion), its validation positives, its validation AP and its decision threshold.
 * The model trainer writes it into the version directory as {@value #FILE}, with the rest of the
 * artifact, so that a label's history can show which labels starve for positives. Not hashed in
 * model.json (workers never read it); versions trained before it existed have none.
 */
public record LabelReport(int trainImages, int validationImages, List<Entry> labels) {
  public static final String FILE = "label-report.json";

  public LabelReport {
    labels = List.copyOf(labels);
  }

  /** One label; {@code ap} is null when the validation set holds no positive of it. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Entry(
      String name,
      int trainPositives,
      int trainNegatives,
      int validationPositives,
      Double ap,
      float threshold) {}

  /** The observed positives and confirmed negatives per label of a set of images. */
  public record Observed(int[] positives, int[] negatives) {}

  /** n_pos[c] = sum_i y_ic; n_neg[c] = sum_i k_ic (1 - y_ic), over hierarchy-completed targets. */
  public static Observed observe(float[][] targets, float[][] known) {
    int c = targets.length == 0 ? 0 : targets[0].length;
    int[] pos = new int[c];
    int[] neg = new int[c];
    for (int i = 0; i < targets.length; i++) {
      for (int j = 0; j < c; j++) {
        boolean y = targets[i][j] > 0.5f;
        pos[j] += y ? 1 : 0;
        neg[j] += known[i][j] > 0.5f && !y ? 1 : 0;
      }
    }
    return new Observed(pos, neg);
  }

  /**
   * Aligns the per-label arrays (all in vocabulary order) into entries; an AP that is NaN (no
   * validation positive) becomes null.
   */
  public static LabelReport of(
      List<String> names,
      int trainImages,
      Observed train,
      int validationImages,
      int[] validationPositives,
      double[] ap,
      float[] thresholds) {
    int c = names.size();
    if (train.positives().length != c
        || validationPositives.length != c
        || ap.length != c
        || thresholds.length != c) {
      throw new IllegalArgumentException("per-label arrays differ in length from " + c + " labels");
    }
    List<Entry> out = new ArrayList<>(c);
    for (int j = 0; j < c; j++) {
      out.add(
          new Entry(
              names.get(j),
              train.positives()[j],
              train.negatives()[j],
              validationPositives[j],
              Double.isNaN(ap[j]) ? null : ap[j],
              thresholds[j]));
    }
    return new LabelReport(trainImages, validationImages, out);
  }

  /** The entry of one label, if this version had it. */
  public Optional<Entry> entry(String name) {
    return labels.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** Writes {@value #FILE} into a version directory, atomically: a crash leaves none or all. */
  public void write(Path versionDir) {
    Path tmp = versionDir.resolve("." + FILE + ".tmp");
    try {
      ArtifactJson.MAPPER.writeValue(tmp.toFile(), this);
      Files.move(
          tmp,
          versionDir.resolve(FILE),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + FILE + " in " + versionDir, e);
    }
  }

  /** The report of a version directory; empty when it has none (trained before reports). */
  public static Optional<LabelReport> read(Path versionDir) throws IOException {
    try {
      return Optional.of(
          ArtifactJson.MAPPER.readValue(versionDir.resolve(FILE).toFile(), LabelReport.class));
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      return Optional.empty();
    }
  }
}
