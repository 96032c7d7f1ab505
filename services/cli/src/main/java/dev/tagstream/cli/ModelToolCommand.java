package dev.tagstream.cli;

import dev.tagstream.core.cli.Command;
import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * Adapts the model module's tools (which know nothing of Kafka or of core's Command) to subcommands. Each tool
 * has {@code static int run(String[] args, PrintStream out, PrintStream err)}.
 */
final class ModelToolCommand implements Command {
  private final String name;
  private final String summary;
  private final String toolClass;

  private ModelToolCommand(String name, String summary, String toolClass) {
    this.name = name;
    this.summary = summary;
    this.toolClass = toolClass;
  }

  static List<Command> all() {
    return List.of(
        new ModelToolCommand("train", "Train a model from manifests with a partial-label loss; writes an artifact.",
            "dev.tagstream.model.tools.TrainTool"),
        new ModelToolCommand("eval", "Evaluate a model artifact on a test manifest; prints metrics as JSON.",
            "dev.tagstream.model.tools.EvalTool"),
        new ModelToolCommand("bench model", "Training and inference images/s of the backbone at several batch sizes.",
            "dev.tagstream.model.tools.BenchModelTool"));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String summary() {
    return summary;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    MethodHandle run;
    try {
      run = MethodHandles.publicLookup().findStatic(Class.forName(toolClass), "run",
          MethodType.methodType(int.class, String[].class, PrintStream.class, PrintStream.class));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this build lacks " + toolClass + " (" + e + ")", e);
    }
    try {
      return (int) run.invoke(args.toArray(String[]::new), out, err);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
