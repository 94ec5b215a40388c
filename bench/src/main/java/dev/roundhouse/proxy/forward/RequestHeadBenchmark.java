package dev.roundhouse.proxy.forward;

import dev.roundhouse.proxy.http.HeaderList;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
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

  /** Where the decoder puts the headers: {@code list} (the proxy's) or {@code map} (Netty's). */
  @Param({"list", "map"})
  public String headers;

  private byte[] bytes;
  private RequestHeadPath path;

  /** One connection's decoder and encoder for the whole trial. */
  @Setup
  public void setUp() {
    bytes = RequestHeads.bytes(head);
    path =
        new RequestHeadPath(
            switch (headers) {
              case "list" -> HeaderList.FACTORY;
              case "map" -> DefaultHttpHeadersFactory.headersFactory();
              default -> throw new IllegalArgumentException("headers: list or map, not " + headers);
            });
  }

  /** Releases what the channels hold. */
  @TearDown
  public void tearDown() {
    path.close();
  }

  /** Netty's decoder alone: bytes to an {@link HttpRequest} with its header map. */
  @Benchmark
  public HttpRequest decode() {
    return path.decode(bytes);
  }

  /** Decoding and the proxy's header edits. */
  @Benchmark
  public HttpRequest decodeRewrite() {
    return path.rewrite(path.decode(bytes));
  }

  /** Decoding, the edits and encoding for the backend: the whole request head path. */
  @Benchmark
  public int decodeRewriteEncode() {
    return path.encode(path.rewrite(path.decode(bytes)));
  }
}
