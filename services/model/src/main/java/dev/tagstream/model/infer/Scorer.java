package dev.tagstream.model.infer;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.tagstream.model.artifact.ArtifactException;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.image.ImagePreprocessor;
import dev.tagstream.model.nn.BackboneSpec;
import dev.tagstream.model.nn.Backbones;
import dev.tagstream.model.nn.TaggerNetwork;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a loaded artifact: preprocessed images -> probabilities (and embeddings), or embeddings ->
 * probabilities for head-only evaluation. Weights live on one long-lived manager; each call works
 * in its own sub-manager, and in inference mode the blocks only read their parameters, so several
 * threads may score at once (the worker's inference threads do).
 */
public final class Scorer implements AutoCloseable {
  private static final ThreadLocal<ByteBuffer> INPUT = new ThreadLocal<>();
  private final ModelArtifact artifact;
  private final NDManager manager;
  private final Block backbone;
  private final Block head;
  private final ImagePreprocessor preprocessor;
  private final int inputSize;
  private final int[][] ancestors;
  private final double gamma;

  private Scorer(ModelArtifact artifact, NDManager manager, Block backbone, Block head) {
    this.artifact = artifact;
    this.manager = manager;
    this.backbone = backbone;
    this.head = head;
    this.inputSize = artifact.info().inputSize();
    this.preprocessor = new ImagePreprocessor(inputSize);
    this.ancestors = artifact.vocabulary().ancestors();
    this.gamma = artifact.info().hierarchyGamma();
  }

  public static Scorer open(ModelArtifact a, Device device) {
    BackboneSpec spec = a.info().backbone();
    NDManager manager = NDManager.newBaseManager(device);
    try {
      Block backbone = Backbones.load(spec, a.file(Backbones.fileName(spec)), manager, false);
      Block head = TaggerNetwork.newHead(a.vocabulary().size());
      TaggerNetwork.load(head, manager, a.file(TaggerNetwork.HEAD_PARAMS));
      checkHead(a, head, spec.embeddingDim());
      return new Scorer(a, manager, backbone, head);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      manager.close();
      if (e instanceof ArtifactException ae) {
        throw ae;
      }
      throw new ArtifactException(a.dir(), "cannot load weights: " + e.getMessage(), e);
    }
  }

  private static void checkHead(ModelArtifact a, Block head, int embeddingDim) {
    Shape w = head.getParameters().get("weight").getArray().getShape();
    Shape expected = new Shape(a.vocabulary().size(), embeddingDim);
    if (!w.equals(expected)) {
      throw new ArtifactException(
          a.dir(),
          "head weight shape " + w + " does not match " + expected + " (labels x embedding)");
    }
  }

  public ModelArtifact artifact() {
    return artifact;
  }

  public ImagePreprocessor preprocessor() {
    return preprocessor;
  }

  /** Each element is one ImagePreprocessor.toTensorData output. Embeddings included. */
  public ScoreBatch score(List<float[]> preprocessed) {
    if (preprocessed.isEmpty()) {
      return new ScoreBatch(List.of(), List.of());
    }
    int len = preprocessor.length();
    ByteBuffer pixels = inputBuffer(preprocessed.size() * len);
    FloatBuffer floats = pixels.asFloatBuffer();
    for (int i = 0; i < preprocessed.size(); i++) {
      float[] img = preprocessed.get(i);
      if (img.length != len) {
        throw new IllegalArgumentException(
            "image " + i + " has " + img.length + " values, expected " + len);
      }
      floats.put(img);
    }
    try (NDManager batch = manager.newSubManager()) {
      ParameterStore ps = new ParameterStore(batch, false);
      NDArray x =
          batch.create(
              pixels, new Shape(preprocessed.size(), 3, inputSize, inputSize), DataType.FLOAT32);
      NDArray emb = backbone.forward(ps, new NDList(x), false).singletonOrThrow();
      NDArray probs =
          Activation.sigmoid(head.forward(ps, new NDList(emb), false).singletonOrThrow());
      return new ScoreBatch(scores(probs), rows(emb));
    }
  }

  /**
   * This thread's input buffer, cleared, for {@code floats} values. A batch's pixels are copied
   * once, into native memory libtorch reads as it is, instead of into a heap array that DJL then
   * copies into a fresh direct buffer: at batch 64 and 64 px that was 3 MB of garbage and 3 MB of
   * zeroed native memory per batch. Per thread, so inference threads never share one; the tensor
   * made from it lives only inside the call that filled it.
   */
  private static ByteBuffer inputBuffer(int floats) {
    int bytes = Math.multiplyExact(floats, Float.BYTES);
    ByteBuffer b = INPUT.get();
    if (b == null || b.capacity() < bytes) {
      b = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
      INPUT.set(b);
    }
    b.clear().limit(bytes);
    return b;
  }

  /**
   * Head only: embeddings [D] -> probabilities, as used by head-only evaluation from an embedding
   * cache.
   */
  public ScoreBatch scoreEmbeddings(List<float[]> embeddings) {
    if (embeddings.isEmpty()) {
      return new ScoreBatch(List.of(), List.of());
    }
    int d = embeddings.get(0).length;
    float[] flat = new float[embeddings.size() * d];
    for (int i = 0; i < embeddings.size(); i++) {
      System.arraycopy(embeddings.get(i), 0, flat, i * d, d);
    }
    try (NDManager batch = manager.newSubManager()) {
      ParameterStore ps = new ParameterStore(batch, false);
      NDArray e = batch.create(flat, new Shape(embeddings.size(), d));
      NDArray probs = Activation.sigmoid(head.forward(ps, new NDList(e), false).singletonOrThrow());
      return new ScoreBatch(scores(probs), embeddings);
    }
  }

  // the head's probabilities, hierarchy-smoothed when the artifact says so
  private List<float[]> scores(NDArray probs) {
    List<float[]> rows = rows(probs);
    if (gamma == 0) {
      return rows;
    }
    List<float[]> out = new ArrayList<>(rows.size());
    for (float[] r : rows) {
      out.add(HierarchySmoothing.apply(r, ancestors, gamma));
    }
    return out;
  }

  private static List<float[]> rows(NDArray a) {
    int n = (int) a.getShape().get(0);
    int c = (int) a.getShape().get(1);
    // Each row straight from the bytes libtorch hands over: toFloatArray() would first copy them
    // all into one more array (at batch 64 and 100,000 labels, 25.6 MB a batch).
    FloatBuffer all = a.toByteBuffer().asFloatBuffer();
    List<float[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] r = new float[c];
      all.get(r);
      out.add(r);
    }
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }
}
