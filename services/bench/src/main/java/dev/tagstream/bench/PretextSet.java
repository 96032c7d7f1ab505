package dev.tagstream.bench;

import dev.tagstream.datasets.EmojiAssets;
import dev.tagstream.datasets.EmojiCatalog;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/**
 * The pretext classification set: the 64 px art (every listed vendor) of every second emoji in
 * emoji.json's sort order (indexes 0, 2, 4, ...; ~955 classes spread over every category). The
 * other half is never seen by the pretext; the scenes (train, val, test) are never seen by it
 * either.
 */
record PretextSet(
    List<String> classes,
    List<BufferedImage> art,
    int[] classOf,
    List<List<BufferedImage>> byClass) {
  static PretextSet load(List<String> vendors, Path assets, Path cache) {
    List<EmojiCatalog.Emoji> all = pretextEmoji(vendors, assets, cache);
    List<String> classes = new ArrayList<>();
    List<BufferedImage> art = new ArrayList<>();
    List<Integer> classOf = new ArrayList<>();
    List<List<BufferedImage>> byClass = new ArrayList<>();
    for (EmojiCatalog.Emoji e : all) {
      List<BufferedImage> mine = new ArrayList<>();
      for (String v : e.vendors()) {
        Path p =
            EmojiAssets.locate(v, assets, cache)
                .resolve("img")
                .resolve(v)
                .resolve("64")
                .resolve(e.image());
        try {
          BufferedImage img = ImageIO.read(p.toFile());
          if (img != null) {
            art.add(img);
            mine.add(img);
            classOf.add(classes.size());
          }
        } catch (IOException ex) {
          throw new UncheckedIOException("cannot read " + p, ex);
        }
      }
      if (mine.isEmpty()) {
        continue; // no readable art: not a class (every class must be drawable in a scene)
      }
      classes.add(e.label());
      byClass.add(List.copyOf(mine));
    }
    return new PretextSet(
        List.copyOf(classes),
        List.copyOf(art),
        classOf.stream().mapToInt(Integer::intValue).toArray(),
        List.copyOf(byClass));
  }

  /**
   * The emoji the pretext draws its classes from (those with no readable art are then dropped),
   * named as labels; reads emoji.json only, no art.
   */
  static Set<String> emojiNames(List<String> vendors, Path assets, Path cache) {
    return pretextEmoji(vendors, assets, cache).stream()
        .map(EmojiCatalog.Emoji::label)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Indexes 0, 2, 4, ... of emoji.json's order: the pretext's half. */
  private static List<EmojiCatalog.Emoji> pretextEmoji(
      List<String> vendors, Path assets, Path cache) {
    Path json = EmojiAssets.locate(vendors.get(0), assets, cache).resolve("emoji.json");
    List<EmojiCatalog.Emoji> all = EmojiCatalog.load(json, vendors).emoji();
    List<EmojiCatalog.Emoji> half = new ArrayList<>();
    for (int i = 0; i < all.size(); i += 2) {
      half.add(all.get(i));
    }
    return half;
  }

  /** One vendor's art of class {@code c}, picked with rng. */
  BufferedImage artOf(int c, SplittableRandom rng) {
    return PretextTask.pick(byClass.get(c), rng);
  }
}
