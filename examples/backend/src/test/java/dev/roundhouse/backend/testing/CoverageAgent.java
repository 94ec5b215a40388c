package dev.roundhouse.backend.testing;

import java.util.Arrays;
import java.util.List;

/**
 * The JVM options that put a child process under the same coverage agent as the test JVM, so that
 * code only a started proxy or backend runs counts in the coverage report too.
 *
 * <p>Failsafe passes JaCoCo's agent option (the {@code argLine} that {@code
 * prepare-agent-integration} sets) as the system property {@value #PROPERTY}. The agent appends to
 * the module's {@code jacoco-it.exec} when the child exits normally (a SIGKILLed child records
 * nothing), holding a file lock while it writes, so several children and the test JVM can share the
 * file. Without the property (an IDE, a build without JaCoCo) there are no options.
 */
public final class CoverageAgent {

  /** The system property that carries the agent's JVM options. */
  public static final String PROPERTY = "roundhouse.coverageAgent";

  private CoverageAgent() {}

  /** The options to add to a child JVM's command line; empty when coverage is not measured. */
  public static List<String> jvmOptions() {
    String options = System.getProperty(PROPERTY, "").strip();
    return options.isEmpty() ? List.of() : Arrays.asList(options.split("\\s+"));
  }
}
