package dev.roundhouse.proxy.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import net.logstash.logback.composite.AbstractFieldJsonProvider;

/**
 * {@code "@timestamp": "2025-01-01T10:00:03.512Z"}: the same field and text as the standard
 * timestamp provider with the pattern {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC, formatted by
 * {@link UtcMillis} because the access log writes one per request.
 */
final class TimestampJsonProvider extends AbstractFieldJsonProvider<ILoggingEvent> {

  private static final SerializableString FIELD = new SerializedString("@timestamp");

  TimestampJsonProvider() {
    setFieldName(FIELD.getValue());
  }

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    generator.writeFieldName(FIELD);
    generator.writeString(UtcMillis.format(event.getInstant()));
  }
}
