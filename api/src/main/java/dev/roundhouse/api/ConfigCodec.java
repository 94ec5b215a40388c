package dev.roundhouse.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a {@link LoadBalancerConfig} from YAML and writes it back.
 *
 * <p>{@link #read} parses and validates in one step and reports every problem it finds, each with
 * its path: unknown fields (a typo must not silently do nothing), values of the wrong type,
 * malformed durations, and the rules of {@link ConfigValidator}. Malformed YAML is reported with
 * its line and column. A config larger than {@link #MAX_BYTES} is refused before it is parsed,
 * whether it comes from a file, a ConfigMap or {@code --validate}.
 *
 * <p>{@link #write} writes every setting, defaults included, with backends of weight 1 in the short
 * string form, so that the result reads like a hand-written config.
 */
public final class ConfigCodec {

  /**
   * The largest config, in bytes of UTF-8: 1 MiB, what a ConfigMap holds. The one limit every
   * reader of a config applies.
   */
  public static final int MAX_BYTES = 1024 * 1024;

  private static final YAMLMapper MAPPER = newMapper();

  private ConfigCodec() {}

  /**
   * Parses and validates a config.
   *
   * @throws InvalidConfigException with every problem found
   */
  public static LoadBalancerConfig read(String yaml) throws InvalidConfigException {
    // A char is at most three bytes of UTF-8: count the bytes only when it could matter.
    if ((long) yaml.length() * 3 > MAX_BYTES) {
      requireWithinLimit(yaml.getBytes(StandardCharsets.UTF_8).length);
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(List.of(syntaxError(e)));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw new InvalidConfigException(
          List.of(
              new Violation("", "the config is empty: it needs at least frontends and backends")));
    }
    if (!tree.isObject()) {
      throw new InvalidConfigException(
          List.of(
              new Violation(
                  "",
                  "the config must be a mapping of fields (frontends, backends, ...), not "
                      + (tree.isArray() ? "a list" : "a single value"))));
    }
    ProblemCollector collector = new ProblemCollector();
    LoadBalancerConfig config;
    try {
      // Bind from the text, not the tree: the text parser knows every value's field name.
      config = MAPPER.readerFor(LoadBalancerConfig.class).withHandler(collector).readValue(yaml);
    } catch (IOException e) {
      // Only reached for problems the collector cannot recover from.
      List<Violation> problems = new ArrayList<>(collector.problems());
      problems.add(new Violation("", e.getMessage()));
      throw new InvalidConfigException(problems);
    }
    List<Violation> problems = new ArrayList<>(collector.problems());
    for (Violation v : ConfigValidator.validate(config)) {
      if (problems.stream().noneMatch(p -> covers(p.path(), v.path()))) {
        problems.add(v);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return config;
  }

  /**
   * Reads and validates a config file.
   *
   * @throws IOException when the file cannot be read
   * @throws InvalidConfigException with every problem found
   */
  public static LoadBalancerConfig read(Path file) throws IOException, InvalidConfigException {
    return read(readText(file));
  }

  /**
   * Reads a config file's text, refusing a file larger than {@link #MAX_BYTES} before reading it.
   *
   * @throws IOException when the file cannot be read or is not UTF-8
   * @throws InvalidConfigException when the file is too large
   */
  public static String readText(Path file) throws IOException, InvalidConfigException {
    requireWithinLimit(Files.size(file));
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static void requireWithinLimit(long bytes) throws InvalidConfigException {
    if (bytes > MAX_BYTES) {
      throw new InvalidConfigException(
          List.of(
              new Violation(
                  "",
                  "the config is "
                      + bytes
                      + " bytes; a config is at most "
                      + MAX_BYTES
                      + " bytes (1 MiB, what a ConfigMap holds)")));
    }
  }

  /** Writes {@code config} as YAML, every setting included. */
  public static String write(LoadBalancerConfig config) {
    try {
      return MAPPER.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write config", e);
    }
  }

  /**
   * A problem found while binding makes any later rule on the same field noise: once {@code
   * healthcheck.interval} is reported unreadable, its default must not be judged too.
   */
  private static boolean covers(String reported, String candidate) {
    return candidate.equals(reported)
        || candidate.startsWith(reported + ".")
        || candidate.startsWith(reported + "[");
  }

  private static Violation syntaxError(JsonProcessingException e) {
    String problem = e.getOriginalMessage();
    int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
    int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
    // SnakeYAML knows where the problem is; Jackson only where its last token was.
    if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
      problem = marked.getProblem();
      if (marked.getProblemMark() != null) {
        line = marked.getProblemMark().getLine() + 1;
        column = marked.getProblemMark().getColumn() + 1;
      }
    }
    if (line < 1) {
      return new Violation("", "malformed YAML: " + problem);
    }
    return new Violation(
        "", "malformed YAML at line " + line + ", column " + column + ": " + problem);
  }

  private static YAMLMapper newMapper() {
    YAMLFactory factory =
        YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();
    YAMLMapper mapper = new YAMLMapper(factory);
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    mapper.registerModule(new SimpleModule("roundhouse-config").addSerializer(new BackendWriter()));
    return mapper;
  }

  /**
   * Writes a plain URL backend of weight 1 as its bare URL, the way the seed config writes it, and
   * any other as an object of the fields it sets.
   */
  private static final class BackendWriter extends StdSerializer<Backend> {
    BackendWriter() {
      super(Backend.class);
    }

    @Override
    public void serialize(Backend backend, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      if (backend.weight() == Backend.DEFAULT_WEIGHT && !backend.dynamic()) {
        gen.writeString(backend.url());
        return;
      }
      gen.writeStartObject();
      if (backend.url() != null) {
        gen.writeStringField("url", backend.url());
      }
      if (backend.service() != null) {
        gen.writeObjectField("service", backend.service());
      }
      gen.writeNumberField("weight", backend.weight());
      if (backend.resolve() != null) {
        gen.writeObjectField("resolve", backend.resolve());
      }
      if (backend.resolveInterval() != null) {
        gen.writeStringField("resolveInterval", GoDuration.format(backend.resolveInterval()));
      }
      gen.writeEndObject();
    }
  }
}
