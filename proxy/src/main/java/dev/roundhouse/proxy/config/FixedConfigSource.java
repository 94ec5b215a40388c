package dev.roundhouse.proxy.config;

import static java.util.Objects.requireNonNull;

import java.util.function.Consumer;

/**
 * A config that never changes: the quick-start flags ({@code --port}, {@code --backend}) without a
 * file. It still goes through the reloader, so it gets revision 1 and the admin endpoints work the
 * same way.
 */
public final class FixedConfigSource implements ConfigSource {

  private final SourceReading.Text text;

  /** A source that always reads {@code yaml}, described as {@code origin}. */
  public FixedConfigSource(String origin, String yaml) {
    this.text =
        SourceReading.Text.of(requireNonNull(origin, "origin"), requireNonNull(yaml, "yaml"));
  }

  @Override
  public String describe() {
    return text.origin();
  }

  @Override
  public SourceReading read() {
    return text;
  }

  @Override
  public void start(Consumer<SourceReading> listener) {
    listener.accept(text);
  }

  @Override
  public void close() {}
}
