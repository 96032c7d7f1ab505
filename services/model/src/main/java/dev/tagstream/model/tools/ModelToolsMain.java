package dev.tagstream.model.tools;

import java.util.Arrays;

/** Stand-alone launcher for the model tools (the tagstream CLI calls the tools' run methods directly). */
public final class ModelToolsMain {
  private ModelToolsMain() {}

  public static void main(String[] args) {
    String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : new String[0];
    String cmd = args.length > 0 ? args[0] : "";
    int code = switch (cmd) {
      case "train" -> TrainTool.run(rest, System.out, System.err);
      case "eval" -> EvalTool.run(rest, System.out, System.err);
      case "bench-model" -> BenchModelTool.run(rest, System.out, System.err);
      case "emoji-dataset" -> EmojiDatasetTool.run(rest, System.out, System.err);
      default -> {
        System.err.println("usage: ModelToolsMain train|eval|bench-model|emoji-dataset [flags] (--help per command)");
        yield 2;
      }
    };
    System.exit(code);
  }
}
