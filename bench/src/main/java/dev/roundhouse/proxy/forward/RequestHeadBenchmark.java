package dev.roundhouse.proxy.forward;

import io.netty.handler.codec.http.HttpRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds per request head on the proxy's way in: decode alone, decode and rewrite, and decode,
 * rewrite and encode for the backend (the whole head path of a request today). The differences
 * between the three are the rewrite's and the encoder's shares.
 *
 * <p>{@code make jmh}, or {@code java -jar bench/target/roundhouse-bench.jar RequestHead -prof gc}
 * for the allocation per request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RequestHeadBenchmark {

  /** Which head: wrk, browser or forwarded ({@link RequestHeads}). */
  @Param({"wrk", "browser", "forwarded"})
  public String head;

  /**
   * Whose decoder and encoder: {@code proxy} (the proxy's own, headers in a list) or {@code netty}
   * (Netty's, headers in its map: the path before the lean-path work).
   */
  @Param({"proxy", "netty"})
  public String path;

  private byte[] bytes;
  private RequestHeadPath heads;

  /** One connection's decoder and encoder for the whole trial. */
  @Setup
  public void setUp() {
    bytes = RequestHeads.bytes(head);
    heads =
        switch (path) {
          case "proxy" -> new RequestHeadPath();
          case "netty" -> RequestHeadPath.netty();
          default -> throw new IllegalArgumentException("path: proxy or netty, not " + path);
        };
  }

  /** Releases what the channels hold. */
  @TearDown
  public void tearDown() {
    heads.close();
  }

  /** The decoder alone: bytes to an {@link HttpRequest} with its headers. */
  @Benchmark
  public HttpRequest decode() {
    return heads.decode(bytes);
  }

  /** Decoding and the proxy's header edits. */
  @Benchmark
  public HttpRequest decodeRewrite() {
    return heads.rewrite(heads.decode(bytes));
  }

  /** Decoding, the edits and encoding for the backend: the whole request head path. */
  @Benchmark
  public int decodeRewriteEncode() {
    return heads.encode(heads.rewrite(heads.decode(bytes)));
  }
}
