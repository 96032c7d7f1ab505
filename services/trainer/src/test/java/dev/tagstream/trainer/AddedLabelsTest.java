package dev.tagstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.contracts.ContractSamples;
import dev.tagstream.contracts.VocabularyEntry;
import dev.tagstream.model.labels.GrownVocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddedLabelsTest {
  @Test
  void keepsTheNewestEntryPerNameIgnoresAMisfiledOneAndForgetsATombstonedOne() {
    AddedLabels added = new AddedLabels();
    VocabularyEntry lynx = ContractSamples.vocabularyEntry("lynx"); // deprecated, under animal
    added.apply("lynx", lynx);
    added.apply("lynx", VocabularyEntry.newBuilder(lynx).setDeprecated(false).build());
    added.apply("puma", lynx);
    added.apply("owl", VocabularyEntry.newBuilder(lynx).setName("owl").build());
    added.apply("owl", null);
    assertEquals(
        List.of(new GrownVocabulary.Entry("lynx", List.of("animal"), false)), added.entries());
  }
}
