package dev.tagstream.trainer;

import dev.tagstream.contracts.LabelState;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.labels.Vocabulary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits label states into training and validation entries by a stable hash of the image id
 * (SHA-256, first four bytes as an unsigned number, mod 100), so an image stays on its side across
 * trainings and restarts and the held-out set grows only with new images. Images without a uri, or
 * with no label in the vocabulary, are skipped.
 */
final class ValidationSplit {
  /** The two sides plus what was left out and why. */
  record Sets(
      List<ManifestEntry> train,
      List<ManifestEntry> validation,
      int skippedNoUri,
      int skippedNoLabels,
      long droppedLabels) {
    Sets {
      train = List.copyOf(train);
      validation = List.copyOf(validation);
    }
  }

  private final int validationPercent;

  ValidationSplit(int validationPercent) {
    if (validationPercent < 1 || validationPercent > 50) {
      throw new IllegalArgumentException(
          "validation percent must be 1..50, got " + validationPercent);
    }
    this.validationPercent = validationPercent;
  }

  /** 0..99, the same for an id on every machine and in every run. */
  static int bucket(String imageId) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(imageId.getBytes(StandardCharsets.UTF_8));
      long v =
          ((h[0] & 0xFFL) << 24) | ((h[1] & 0xFFL) << 16) | ((h[2] & 0xFFL) << 8) | (h[3] & 0xFFL);
      return (int) (v % 100);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  boolean isValidation(String imageId) {
    return bucket(imageId) < validationPercent;
  }

  /** Labels outside the vocabulary are dropped (they have no head output) and counted. */
  Sets split(List<LabelState> states, Vocabulary vocab) {
    List<ManifestEntry> train = new ArrayList<>();
    List<ManifestEntry> val = new ArrayList<>();
    int noUri = 0;
    int noLabels = 0;
    long dropped = 0;
    for (LabelState s : states) {
      if (s.getUri() == null || s.getUri().isBlank()) {
        noUri++;
        continue;
      }
      List<String> pos = s.getPositives().stream().filter(vocab::contains).toList();
      List<String> neg =
          s.getNegatives().stream().filter(vocab::contains).filter(n -> !pos.contains(n)).toList();
      dropped += s.getPositives().size() + s.getNegatives().size() - pos.size() - neg.size();
      if (pos.isEmpty() && neg.isEmpty()) {
        noLabels++;
        continue;
      }
      ManifestEntry e = new ManifestEntry(s.getId(), s.getUri(), pos, neg);
      (isValidation(s.getId()) ? val : train).add(e);
    }
    return new Sets(train, val, noUri, noLabels, dropped);
  }
}
