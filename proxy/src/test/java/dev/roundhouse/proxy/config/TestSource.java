package dev.roundhouse.proxy.config;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** A config source a test sets by hand: {@link #set} changes what it reads, {@link #push} emits. */
public final class TestSource implements ConfigSource {

  private final AtomicReference<SourceReading> current = new AtomicReference<>();
  private final AtomicReference<Consumer<SourceReading>> listener = new AtomicReference<>();

  public TestSource(String yaml) {
    set(yaml);
  }

  public void set(String yaml) {
    current.set(SourceReading.Text.of("test source", yaml));
  }

  public void set(SourceReading reading) {
    current.set(reading);
  }

  /** Sets the reading and delivers it as a watch event. */
  public void push(SourceReading reading) {
    current.set(reading);
    listener.get().accept(reading);
  }

  @Override
  public String describe() {
    return "test source";
  }

  @Override
  public SourceReading read() {
    return current.get();
  }

  @Override
  public void start(Consumer<SourceReading> l) {
    listener.set(l);
    l.accept(current.get());
  }

  @Override
  public void close() {}
}
