package dev.roundhouse.backend;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.NoSuchElementException;

/** Wraps a stream in HTTP/1.1 chunked framing, chunk by chunk, for hand-made uploads. */
final class ChunkedEncoding extends SequenceInputStream {

  ChunkedEncoding(InputStream body, int chunkSize) {
    super(chunks(body, chunkSize));
  }

  private static Enumeration<InputStream> chunks(InputStream body, int chunkSize) {
    return new Enumeration<>() {
      private boolean done;

      @Override
      public boolean hasMoreElements() {
        return !done;
      }

      @Override
      public InputStream nextElement() {
        if (done) {
          throw new NoSuchElementException();
        }
        try {
          byte[] data = body.readNBytes(chunkSize);
          if (data.length == 0) {
            done = true;
            return ascii("0\r\n\r\n");
          }
          byte[] head =
              (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
          byte[] chunk = new byte[head.length + data.length + 2];
          System.arraycopy(head, 0, chunk, 0, head.length);
          System.arraycopy(data, 0, chunk, head.length, data.length);
          chunk[chunk.length - 2] = '\r';
          chunk[chunk.length - 1] = '\n';
          return new ByteArrayInputStream(chunk);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  private static InputStream ascii(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
  }
}
