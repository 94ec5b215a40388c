package dev.roundhouse.proxy.config;

import static dev.roundhouse.proxy.config.Configs.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Violation;
import dev.roundhouse.proxy.config.ReloadOutcome.Result;
import dev.roundhouse.proxy.config.RollbackException.Reason;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConfigReloaderTest {

  private final TestSource source = new TestSource(yaml(8080, 9001));
  private final RecordingApplier applier = new RecordingApplier();
  private final List<ReloadOutcome> heard = new CopyOnWriteArrayList<>();
  private ConfigReloader reloader = reloader(10, UnaryOperator.identity());

  private ConfigReloader reloader(int historyLimit, UnaryOperator<LoadBalancerConfig> overrides) {
    return new ConfigReloader(
        source,
        applier,
        heard::add,
        new ConfigRevisionHistory(historyLimit),
        overrides,
        Clock.systemUTC());
  }

  @AfterEach
  void close() {
    reloader.close();
  }

  @Test
  void firstConfigBecomesRevisionOneAndIsApplied() {
    ReloadOutcome outcome = reloader.reloadNow();

    assertThat(outcome.result()).isEqualTo(Result.ACCEPTED);
    assertThat(outcome.revision()).isEqualTo(1);
    assertThat(applier.applied).hasSize(1);
    assertThat(applier.applied.get(0).config().backends())
        .containsExactly(Backend.of("http://127.0.0.1:9001"));
    assertThat(reloader.status().active()).map(ConfigRevision::number).contains(1L);
    assertThat(heard).extracting(ReloadOutcome::result).containsExactly(Result.ACCEPTED);
  }

  @Test
  void invalidConfigIsRejectedWithEveryProblemAndTheOldOneKeepsServing() {
    reloader.reloadNow();
    source.set("frontends:\n  - port: 0\nbackends:\n  - \"htp://x\"\n");

    ReloadOutcome outcome = reloader.reloadNow();

    assertThat(outcome.result()).isEqualTo(Result.REJECTED);
    assertThat(outcome.revision()).isEqualTo(1);
    assertThat(outcome.problems())
        .extracting(Violation::path)
        .contains("frontends[0].port", "backends[0]");
    assertThat(outcome.message()).contains("still serving revision 1", "backends[0]");
    assertThat(applier.numbers()).containsExactly(1L);
    assertThat(reloader.status().active()).map(ConfigRevision::number).contains(1L);
    Rejection last = reloader.status().lastRejection().orElseThrow();
    assertThat(last.problems()).isEqualTo(outcome.problems());
    assertThat(last.origin()).isEqualTo("test source");
    assertThat(heard)
        .extracting(ReloadOutcome::result)
        .containsExactly(Result.ACCEPTED, Result.REJECTED);
  }

  @Test
  void malformedYamlIsRejectedWithItsLine() {
    reloader.reloadNow();
    source.set("frontends:\n  - port: 8080\nbackends: [\n");

    ReloadOutcome outcome = reloader.reloadNow();

    assertThat(outcome.result()).isEqualTo(Result.REJECTED);
    assertThat(outcome.problems().get(0).message()).contains("malformed YAML at line");
  }

  @Test
  void anUnusableSourceIsARejectionWithItsReason() {
    reloader.reloadNow();
    source.set(new SourceReading.Unusable("configmap test/web", "it has no key config.yaml"));

    ReloadOutcome outcome = reloader.reloadNow();

    assertThat(outcome.result()).isEqualTo(Result.REJECTED);
    assertThat(outcome.problems()).containsExactly(new Violation("", "it has no key config.yaml"));
    assertThat(reloader.status().active()).map(ConfigRevision::number).contains(1L);
  }

  @Test
  void aRejectedFirstConfigLeavesNothingInForce() {
    source.set("backends: []\n");

    ReloadOutcome outcome = reloader.reloadNow();

    assertThat(outcome.result()).isEqualTo(Result.REJECTED);
    assertThat(outcome.revision()).isZero();
    assertThat(outcome.message()).contains("no config is in force yet");
    assertThat(reloader.status().active()).isEmpty();
  }

  @Test
  void anEqualConfigIsNotANewRevisionEvenWrittenDifferently() {
    reloader.reloadNow();
    source.set(
        "# same thing, other words\nbackends: [\"http://127.0.0.1:9001\"]\nfrontends: [{port: 8080}]\n");

    ReloadOutcome outcome = reloader.reloadNow();

    assertThat(outcome.result()).isEqualTo(Result.UNCHANGED);
    assertThat(outcome.revision()).isEqualTo(1);
    assertThat(applier.numbers()).containsExactly(1L);
    assertThat(reloader.revisions()).hasSize(1);
  }

  @Test
  void localRevisionsCountUpAndFollowTheSourcesNumbers() {
    reloader.reloadNow();
    source.set(yaml(8080, 9002));
    assertThat(reloader.reloadNow().revision()).isEqualTo(2);

    source.set(new SourceReading.Text("configmap test/web", yaml(8080, 9003), OptionalLong.of(7)));
    assertThat(reloader.reloadNow().revision()).isEqualTo(7);

    source.set(yaml(8080, 9004));
    assertThat(reloader.reloadNow().revision()).isEqualTo(8);
    assertThat(applier.numbers()).containsExactly(1L, 2L, 7L, 8L);
  }

  @Test
  void aNewSourceRevisionOfTheSameConfigIsAdoptedSoTheNumbersMatchTheOperators() {
    source.set(new SourceReading.Text("configmap test/web", yaml(8080, 9001), OptionalLong.of(3)));
    reloader.reloadNow();
    source.set(new SourceReading.Text("configmap test/web", yaml(8080, 9001), OptionalLong.of(4)));

    ReloadOutcome outcome = reloader.reloadNow();

    assertThat(outcome.result()).isEqualTo(Result.ACCEPTED);
    assertThat(outcome.revision()).isEqualTo(4);
    assertThat(outcome.previousRevision()).isEqualTo(3);
    assertThat(reloader.revisions()).extracting(e -> e.revision().number()).containsExactly(3L, 4L);
  }

  @Test
  void theHistoryKeepsOnlyTheNewestRevisions() {
    reloader = reloader(3, UnaryOperator.identity());
    for (int backend = 9001; backend <= 9005; backend++) {
      source.set(yaml(8080, backend));
      reloader.reloadNow();
    }

    assertThat(reloader.revisions())
        .extracting(e -> e.revision().number())
        .containsExactly(3L, 4L, 5L);
    assertThat(reloader.revisions())
        .extracting(KeptRevision::active)
        .containsExactly(false, false, true);
    assertThatThrownBy(() -> reloader.rollbackTo(1))
        .isInstanceOf(RollbackException.class)
        .hasMessage("revision 1 is not in the history (kept: 3, 4, 5)")
        .extracting(e -> ((RollbackException) e).reason())
        .isEqualTo(Reason.UNKNOWN_REVISION);
  }

  @Test
  void rollbackReappliesThePreviousRevisionsUnderTheirOwnNumbers() throws Exception {
    acceptThree();

    ReloadOutcome first = reloader.rollback();
    assertThat(first.result()).isEqualTo(Result.ROLLED_BACK);
    assertThat(first.revision()).isEqualTo(2);
    assertThat(first.previousRevision()).isEqualTo(3);
    assertThat(reloader.rollback().revision()).isEqualTo(1);

    assertThat(applier.numbers()).containsExactly(1L, 2L, 3L, 2L, 1L);
    assertThat(applier.applied.get(4)).isSameAs(applier.applied.get(0));
    assertThat(reloader.revisions())
        .extracting(KeptRevision::active)
        .containsExactly(true, false, false);
    assertThatThrownBy(() -> reloader.rollback())
        .isInstanceOf(RollbackException.class)
        .hasMessageContaining("revision 1 is the oldest kept revision")
        .extracting(e -> ((RollbackException) e).reason())
        .isEqualTo(Reason.NOTHING_BEFORE);
    assertThat(heard)
        .extracting(ReloadOutcome::result)
        .containsExactly(
            Result.ACCEPTED,
            Result.ACCEPTED,
            Result.ACCEPTED,
            Result.ROLLED_BACK,
            Result.ROLLED_BACK);
  }

  @Test
  void rollbackToAGivenRevision() throws Exception {
    acceptThree();

    ReloadOutcome outcome = reloader.rollbackTo(1);

    assertThat(outcome.result()).isEqualTo(Result.ROLLED_BACK);
    assertThat(applier.applied.get(3).config().backends())
        .containsExactly(Backend.of("http://127.0.0.1:9001"));
    assertThat(reloader.status().rolledBack()).isTrue();
    assertThat(reloader.revisions()).hasSize(3);
  }

  @Test
  void rollbackToTheRevisionInForceChangesNothing() throws Exception {
    acceptThree();

    assertThat(reloader.rollbackTo(3).result()).isEqualTo(Result.UNCHANGED);
    assertThat(applier.numbers()).containsExactly(1L, 2L, 3L);
  }

  @Test
  void rollbackBeforeAnyConfigIsRefused() {
    assertThatThrownBy(() -> reloader.rollback())
        .isInstanceOf(RollbackException.class)
        .hasMessage("no config has been accepted yet");
  }

  @Test
  void aRollbackStaysUntilTheSourceContentChanges() throws Exception {
    acceptThree();
    reloader.rollbackTo(1);

    // Re-reading the unchanged source (SIGHUP, POST /admin/reload) does not undo the rollback.
    ReloadOutcome reread = reloader.reloadNow();
    assertThat(reread.result()).isEqualTo(Result.UNCHANGED);
    assertThat(reread.revision()).isEqualTo(1);
    assertThat(reread.message()).contains("stays in force (rolled back)");
    assertThat(reloader.status().rolledBack()).isTrue();

    // A real change of the source ends it.
    source.set(yaml(8080, 9004));
    ReloadOutcome change = reloader.reloadNow();
    assertThat(change.result()).isEqualTo(Result.ACCEPTED);
    assertThat(change.revision()).isEqualTo(4);
    assertThat(reloader.status().rolledBack()).isFalse();
  }

  @Test
  void aConfigThatCannotBeAppliedIsRejectedAndUsesNoNumber() {
    reloader.reloadNow();
    applier.failWith = "port 8081 is already in use";
    source.set(yaml(8081, 9001));

    ReloadOutcome failed = reloader.reloadNow();
    assertThat(failed.result()).isEqualTo(Result.REJECTED);
    assertThat(failed.problems().get(0).message())
        .isEqualTo("revision 2 could not be applied: port 8081 is already in use");
    assertThat(reloader.status().active()).map(ConfigRevision::number).contains(1L);

    applier.failWith = null;
    assertThat(reloader.reloadNow().revision()).isEqualTo(2);
  }

  @Test
  void overridesApplyToEveryConfigAndAreValidatedToo() {
    reloader =
        reloader(
            10,
            c ->
                new LoadBalancerConfig(
                    List.of(Frontend.onPort(7000)),
                    c.backends(),
                    c.algorithm(),
                    c.healthcheck(),
                    c.timeouts(),
                    c.retries(),
                    c.logging(),
                    c.metrics()));
    reloader.reloadNow();
    assertThat(applier.applied.get(0).config().frontends()).containsExactly(Frontend.onPort(7000));

    source.set(
        "frontends: [{port: 8080}]\nbackends: [\"http://127.0.0.1:9001\"]\nmetrics: {port: 7000}\n");
    ReloadOutcome clash = reloader.reloadNow();
    assertThat(clash.result()).isEqualTo(Result.REJECTED);
    assertThat(clash.problems()).extracting(Violation::path).contains("metrics.port");
  }

  @Test
  void aFixedConfigIsRevisionOneForever() {
    try (ConfigReloader fixed =
        new ConfigReloader(
            new FixedConfigSource("command line", yaml(8080, 9001)),
            applier,
            heard::add,
            new ConfigRevisionHistory(10),
            UnaryOperator.identity(),
            Clock.systemUTC())) {
      assertThat(fixed.reloadNow().revision()).isEqualTo(1);
      fixed.startWatching();
      ReloadOutcome again = fixed.reloadNow();

      assertThat(again.result()).isEqualTo(Result.UNCHANGED);
      assertThat(again.revision()).isEqualTo(1);
      assertThat(applier.numbers()).containsExactly(1L);
    }
  }

  private void acceptThree() {
    for (int backend = 9001; backend <= 9003; backend++) {
      source.set(yaml(8080, backend));
      assertThat(reloader.reloadNow().result()).isEqualTo(Result.ACCEPTED);
    }
  }
}
