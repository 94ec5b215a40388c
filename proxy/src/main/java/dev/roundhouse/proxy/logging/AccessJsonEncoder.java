package dev.roundhouse.proxy.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * The access log's JSON lines: {@code @timestamp}, {@code logger_name}, {@code level} and then the
 * fields of the event's {@link AccessLine} (or the {@code message}, for any other event), one
 * object per line, written straight into bytes ({@link JsonLine}).
 *
 * <p>Why not logstash-logback-encoder's composite encoder, as the application lines use: the access
 * log writes a line per request, and with Jackson's generator under it a line took about 0.8 µs of
 * the writer thread, which shares the proxy's CPU; this takes about half of that (docs/bench.md,
 * "The access log's price"). Used by one thread, the access log's writer.
 */
final class AccessJsonEncoder extends EncoderBase<ILoggingEvent> {

  private static final byte[] TIMESTAMP = JsonLine.name("@timestamp");
  private static final byte[] LOGGER_NAME = JsonLine.name("logger_name");
  private static final byte[] LEVEL = JsonLine.name("level");
  private static final byte[] MESSAGE = JsonLine.name("message");

  private final JsonLine json = new JsonLine();

  @Override
  public byte[] encode(ILoggingEvent event) {
    json.begin();
    json.time(TIMESTAMP, event.getTimeStamp());
    json.string(LOGGER_NAME, event.getLoggerName());
    json.string(LEVEL, event.getLevel().toString());
    Object[] arguments = event.getArgumentArray();
    if (arguments != null && arguments.length == 1 && arguments[0] instanceof AccessLine line) {
      line.writeJson(json);
    } else {
      json.string(MESSAGE, event.getFormattedMessage());
    }
    return json.end();
  }

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }
}
