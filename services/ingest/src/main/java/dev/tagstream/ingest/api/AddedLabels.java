package dev.tagstream.ingest.api;

import dev.tagstream.contracts.VocabularyEntry;
import java.util.List;
import java.util.Optional;

/**
 * The labels added on the {@code vocabulary} topic, newest entry per name (deprecated ones
 * included); served by the local view, which throws {@link ImageLookup.Unavailable} while it
 * starts.
 */
public interface AddedLabels {
  AddedLabels NONE =
      new AddedLabels() {
        @Override
        public Optional<VocabularyEntry> entry(String name) {
          return Optional.empty();
        }

        @Override
        public List<VocabularyEntry> entries() {
          return List.of();
        }
      };

  Optional<VocabularyEntry> entry(String name);

  List<VocabularyEntry> entries();
}
