package dev.tagstream.ingest.submit;

import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tagstream submit}: sends a manifest or a directory of images to the ingest API in batches,
 * with a progress bar on stderr and a summary on stdout. Running it again is idempotent: the same
 * ids are the same keys.
 */
public final class SubmitCommand implements Command {
  @Override
  public String name() {
    return "submit";
  }

  @Override
  public String summary() {
    return "Submit image references from a manifest (--manifest) or a directory (--dir) through the ingest API.";
  }

  @Override
  public List<Setting> settings() {
    return SubmitSettings.all();
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    if (args.contains("--help")) {
      out.print(
          SettingsHelp.help(
              "tagstream submit (--manifest FILE.jsonl | --dir DIR [--recursive]) [options]",
              summary()
                  + "\nExit code 0 when every item was accepted, 1 when some were rejected or not stored.",
              SubmitSettings.all()));
      return 0;
    }
    SubmitSettings s = SubmitSettings.read(Settings.parse(SubmitSettings.all(), args));
    long t0 = System.nanoTime();
    List<SubmitItem> items =
        s.manifest() != null
            ? ManifestItems.read(s.manifest(), s.source())
            : DirectoryItems.read(s.dir(), s.recursive(), s.idPrefix(), s.source());
    SubmitReport report = new SubmitReport(items.size());
    List<Integer> sendable = new ArrayList<>();
    Map<String, String> firstOrigin = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      SubmitItem item = items.get(i);
      String earlier = item.id() == null ? null : firstOrigin.putIfAbsent(item.id(), item.origin());
      if (item.problem() != null) {
        report.add(item, ItemResult.rejected(item.problem()));
      } else if (earlier != null) {
        report.add(item, ItemResult.rejected("id: duplicates " + earlier));
      } else {
        sendable.add(i);
      }
    }
    ImagesClient client = new ImagesClient(s.url(), s.token(), s.retries(), s.backoff());
    SubmitProgress bar = new SubmitProgress(err, items.size(), System.console() != null);
    bar.update(report.done(), report.accepted(), report.rejected());
    for (int from = 0; from < sendable.size(); from += s.batch()) {
      List<SubmitItem> batch =
          sendable.subList(from, Math.min(sendable.size(), from + s.batch())).stream()
              .map(items::get)
              .toList();
      List<ItemResult> outcomes = client.send(batch);
      if (!client
          .reachedServer()) { // nothing was sent anywhere: no summary of counts that never happened
        bar.clear();
        err.println(
            "submit: " + client.lastFailure() + ": is ingest running? (nothing was submitted)");
        return 1;
      }
      for (int k = 0; k < batch.size(); k++) {
        report.add(batch.get(k), outcomes.get(k));
      }
      bar.update(report.done(), report.accepted(), report.rejected());
    }
    bar.update(items.size(), report.accepted(), report.rejected());
    String what =
        s.manifest() != null
            ? s.manifest().toString()
            : s.dir() + (s.recursive() ? " (recursive)" : "");
    report.print(out, what, s.url().toString(), (System.nanoTime() - t0) / 1e9);
    return report.allAccepted() ? 0 : 1;
  }
}
