package dev.roundhouse.proxy.config;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/**
 * What a {@link ConfigSource} found when it looked: the config text, or why there is none.
 *
 * <p>Readings are compared by value: the reloader ignores a watch event whose reading equals the
 * previous one.
 */
public sealed interface SourceReading {

  /**
   * Where the reading came from, for logs and {@code /admin/revisions}: {@code file /etc/x.yaml}.
   */
  String origin();

  /**
   * The source holds a config text; it may still be invalid.
   *
   * @param origin where it came from
   * @param yaml the raw text
   * @param revision the revision number the source assigned (the ConfigMap's {@code
   *     roundhouse.dev/revision} annotation); empty when the proxy numbers it itself
   */
  record Text(String origin, String yaml, OptionalLong revision) implements SourceReading {
    /** Checks that every part is present. */
    public Text {
      requireNonNull(origin, "origin");
      requireNonNull(yaml, "yaml");
      requireNonNull(revision, "revision");
    }

    /** A text without a source revision. */
    public static Text of(String origin, String yaml) {
      return new Text(origin, yaml, OptionalLong.empty());
    }
  }

  /**
   * The source holds no usable config: the file is missing, the ConfigMap lacks its key, the API
   * server cannot be reached. Counts as a rejected reload; the running config stays.
   *
   * @param origin where the proxy looked
   * @param reason what is wrong, in plain words
   */
  record Unusable(String origin, String reason) implements SourceReading {
    /** Checks that both parts are present. */
    public Unusable {
      requireNonNull(origin, "origin");
      requireNonNull(reason, "reason");
    }
  }
}
