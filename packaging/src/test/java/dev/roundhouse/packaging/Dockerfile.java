package dev.roundhouse.packaging;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read into its stages and instructions, enough to check what it names: the files it
 * copies, the ports it exposes, the user, the command and the health check. Line continuations and
 * comments are handled as Docker does; exec-form (JSON) arguments are decoded.
 */
record Dockerfile(Path file, List<Stage> stages) {

  /** One instruction: its keyword (upper case) and the rest of its line. */
  record Instruction(String keyword, String args) {}

  /** One build stage: its base image, its name (may be null) and its instructions. */
  record Stage(String from, String name, List<Instruction> instructions) {

    /** The arguments of every instruction with {@code keyword}. */
    List<String> all(String keyword) {
      return instructions.stream()
          .filter(i -> i.keyword().equals(keyword))
          .map(Instruction::args)
          .toList();
    }

    /** The arguments of the last instruction with {@code keyword} (the one in force). */
    String last(String keyword) {
      List<String> found = all(keyword);
      if (found.isEmpty()) {
        throw new AssertionError("no " + keyword + " in stage FROM " + from);
      }
      return found.get(found.size() - 1);
    }
  }

  /** A COPY: the stage it copies from (null: the build context), its sources and destination. */
  record Copy(String fromStage, List<String> sources, String destination) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads {@code file}. */
  static Dockerfile parse(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Stage> stages = new ArrayList<>();
    List<Instruction> current = null;
    StringBuilder logical = new StringBuilder();
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && logical.length() == 0)) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      logical.append(trimmed);
      String text = logical.toString().strip();
      logical.setLength(0);
      if (text.isEmpty()) {
        continue;
      }
      String[] parts = text.split("\\s+", 2);
      Instruction instruction =
          new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1].strip() : "");
      if (instruction.keyword().equals("FROM")) {
        String[] from = instruction.args().split("\\s+");
        current = new ArrayList<>();
        stages.add(
            new Stage(
                from[0],
                from.length == 3 && from[1].equalsIgnoreCase("AS") ? from[2] : null,
                current));
      } else if (current == null) {
        throw new IllegalArgumentException(file + ": " + instruction.keyword() + " before FROM");
      } else {
        current.add(instruction);
      }
    }
    return new Dockerfile(file, List.copyOf(stages));
  }

  /** The stage the image is made of: the last one. */
  Stage runtime() {
    return stages.get(stages.size() - 1);
  }

  /** The stage named {@code name}. */
  Stage stage(String name) {
    return stages.stream()
        .filter(s -> name.equals(s.name()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(file + " has no stage " + name));
  }

  /** The USER of the image, e.g. "65532:65532". */
  String runtimeUser() {
    return runtime().last("USER");
  }

  /** The ports the image EXPOSEs. */
  List<Integer> exposedPorts() {
    List<Integer> ports = new ArrayList<>();
    for (String args : runtime().all("EXPOSE")) {
      for (String port : args.split("\\s+")) {
        ports.add(Integer.parseInt(port.replace("/tcp", "")));
      }
    }
    return ports;
  }

  /** The ENV variables of the image. */
  Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(String.join(" ", runtime().all("ENV")));
    while (m.find()) {
      env.put(m.group(1), m.group(2));
    }
    return env;
  }

  /** The COPY instructions of {@code stage}. */
  static List<Copy> copies(Stage stage) {
    List<Copy> copies = new ArrayList<>();
    for (String args : stage.all("COPY")) {
      List<String> words = new ArrayList<>(List.of(args.split("\\s+")));
      String from = null;
      while (words.get(0).startsWith("--")) {
        String flag = words.remove(0);
        if (flag.startsWith("--from=")) {
          from = flag.substring("--from=".length());
        }
      }
      String destination = words.remove(words.size() - 1);
      copies.add(new Copy(from, List.copyOf(words), destination));
    }
    return copies;
  }

  /** An exec-form (JSON array) argument, such as ENTRYPOINT's or CMD's. */
  static List<String> execForm(String args) {
    try {
      return JSON.readValue(args, new TypeReference<List<String>>() {});
    } catch (IOException e) {
      throw new AssertionError("not exec form (a JSON array): " + args, e);
    }
  }

  /** The HEALTHCHECK's command (exec form) of the image. */
  List<String> healthCheckCommand() {
    String args = runtime().last("HEALTHCHECK");
    int cmd = args.indexOf("CMD ");
    if (cmd < 0) {
      throw new AssertionError("HEALTHCHECK without CMD: " + args);
    }
    return execForm(args.substring(cmd + 4).strip());
  }
}
