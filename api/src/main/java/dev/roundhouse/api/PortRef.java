package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A port of a Service: a number ({@code 8080}) or the name of one of its ports ({@code http}), as
 * Kubernetes' int-or-string. {@link ConfigValidator} checks the range and the name's form.
 */
public final class PortRef {

  private final Integer number;
  private final String name;

  private PortRef(Integer number, String name) {
    this.number = number;
    this.name = name;
  }

  /** A port by number. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static PortRef of(int number) {
    return new PortRef(number, null);
  }

  /** A port by name. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static PortRef named(String name) {
    return new PortRef(null, Objects.requireNonNull(name, "name"));
  }

  /** Whether the port is given by name. */
  public boolean isNamed() {
    return name != null;
  }

  /** The port number; only for a port given by number. */
  public int number() {
    if (number == null) {
      throw new IllegalStateException("port " + name + " is given by name");
    }
    return number;
  }

  /** The port name; only for a port given by name. */
  public String name() {
    if (name == null) {
      throw new IllegalStateException("port " + number + " is given by number");
    }
    return name;
  }

  /** The number or the name, as written. */
  @JsonValue
  public Object value() {
    return number != null ? number : name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PortRef other
        && Objects.equals(number, other.number)
        && Objects.equals(name, other.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(number, name);
  }

  @Override
  public String toString() {
    return String.valueOf(value());
  }
}
