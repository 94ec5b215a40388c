package dev.roundhouse.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go-style duration strings ({@code 500ms}, {@code 10s}, {@code 1m30s}, {@code 1.5h}), the format
 * Kubernetes users already write.
 *
 * <p>Units: {@code ns}, {@code us} (or {@code µs}), {@code ms}, {@code s}, {@code m}, {@code h}. A
 * bare {@code 0} is zero. Negative durations are not accepted: nothing in the config can wait a
 * negative time.
 */
public final class GoDuration {

  /** The pattern a duration string must match; also used in the CRD schema. */
  public static final String PATTERN = "^(0|([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$";

  private static final Pattern COMPONENT =
      Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");

  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

  private GoDuration() {}

  /**
   * Parses a Go-style duration.
   *
   * @throws IllegalArgumentException with a message fit for a user when {@code text} is not one
   */
  public static Duration parse(String text) {
    String s = text.trim();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty() || !s.matches(PATTERN)) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a duration (write a number and a unit, e.g. 500ms, 10s, 1m30s)");
    }
    Matcher m = COMPONENT.matcher(s);
    BigDecimal nanos = BigDecimal.ZERO;
    while (m.find()) {
      nanos =
          nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
    }
    // longValue() would wrap silently: 5200000h would read as about 75h.
    if (nanos.compareTo(MAX_NANOS) > 0) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" is too long: a duration is at most "
              + format(Duration.ofNanos(Long.MAX_VALUE))
              + " (as in Go)");
    }
    return Duration.ofNanos(nanos.longValue());
  }

  /**
   * Formats a duration the way {@link #parse} reads it, in the fewest components: {@code 90s} is
   * {@code 1m30s}, {@code 0.5s} is {@code 500ms}.
   */
  public static String format(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("negative duration " + duration);
    }
    if (duration.isZero()) {
      return "0s";
    }
    long nanos = duration.toNanos();
    if (nanos < 1_000_000_000L) {
      if (nanos % 1_000_000 == 0) {
        return nanos / 1_000_000 + "ms";
      }
      if (nanos % 1_000 == 0) {
        return nanos / 1_000 + "us";
      }
      return nanos + "ns";
    }
    StringBuilder out = new StringBuilder();
    long hours = duration.toHours();
    int minutes = duration.toMinutesPart();
    long subMinuteNanos = nanos - Duration.ofHours(hours).plusMinutes(minutes).toNanos();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (subMinuteNanos > 0) {
      out.append(
              new BigDecimal(subMinuteNanos).movePointLeft(9).stripTrailingZeros().toPlainString())
          .append('s');
    }
    return out.toString();
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> throw new IllegalArgumentException("unknown unit " + unit);
    };
  }

  /** Writes a {@link Duration} as a Go-style string. */
  public static final class Serializer extends StdScalarSerializer<Duration> {
    /** Creates the serializer; Jackson calls this. */
    public Serializer() {
      super(Duration.class);
    }

    @Override
    public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(format(value));
    }
  }

  /**
   * Reads a {@link Duration} from a Go-style string. A malformed value goes to the context's
   * problem handler, so {@link ConfigCodec} can report it with its path and carry on.
   */
  public static final class Deserializer extends StdScalarDeserializer<Duration> {
    /** Creates the deserializer; Jackson calls this. */
    public Deserializer() {
      super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        String text = p.getText();
        try {
          return parse(text);
        } catch (IllegalArgumentException e) {
          return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, e.getMessage());
        }
      }
      if (p.currentToken().isNumeric()) {
        String text = p.getText();
        if (text.equals("0")) {
          return Duration.ZERO;
        }
        return (Duration)
            ctxt.handleWeirdNumberValue(
                Duration.class,
                p.getNumberValue(),
                text + " is not a duration: add a unit, e.g. " + text + "s");
      }
      return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
    }
  }
}
