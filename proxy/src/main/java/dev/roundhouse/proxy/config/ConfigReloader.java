package dev.roundhouse.proxy.config;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.ConfigCodec;
import dev.roundhouse.api.ConfigValidator;
import dev.roundhouse.api.InvalidConfigException;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Violation;
import dev.roundhouse.proxy.config.ReloadOutcome.Result;
import dev.roundhouse.proxy.config.RollbackException.Reason;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a {@link ConfigSource} reads into the config in force, one reload at a time.
 *
 * <p>Each reading is parsed and validated; a bad one is rejected with every problem and the running
 * config stays. A good one gets a revision number (the source's, else the next local one), is
 * handed to the {@link ConfigApplier}, and joins the {@link ConfigRevisionHistory}. A config equal
 * to the running one is not a new revision. Rollbacks re-apply a kept revision under its own number
 * and pin it: it stays in force until the source's content changes (see docs/live-config.md for
 * why).
 *
 * <p>Thread-safe. Watch events run on one reload thread, and a burst of them collapses into one
 * reload of the newest reading; {@link #reloadNow} and the rollbacks run on the caller's thread,
 * serialized with it.
 */
public final class ConfigReloader implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

  private final ConfigSource source;
  private final ConfigApplier applier;
  private final ReloadListener listener;
  private final ConfigRevisionHistory history;
  private final UnaryOperator<LoadBalancerConfig> overrides;
  private final Function<LoadBalancerConfig, List<Violation>> hostChecks;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final LatestOnlyExecutor<SourceReading> watchEvents;

  // All guarded by lock.
  private ConfigRevision active;
  private boolean rolledBack;
  private LoadBalancerConfig lastSourceConfig;
  private SourceReading lastReading;
  private Rejection lastRejection;
  private long highestNumber;
  // Written under lock, read without: /status reads it on the admin server's event loop, which a
  // reload that moves the admin port needs free, so it must never wait for the lock.
  private volatile ReloaderState status =
      new ReloaderState(Optional.empty(), false, Optional.empty());

  /**
   * A reloader for {@code source}.
   *
   * @param overrides applied to every parsed config before it is validated again: the quick-start
   *     flags ({@code --port}, {@code --backend}, {@code --algorithm}) that override the file
   */
  public ConfigReloader(
      ConfigSource source,
      ConfigApplier applier,
      ReloadListener listener,
      ConfigRevisionHistory history,
      UnaryOperator<LoadBalancerConfig> overrides,
      Clock clock) {
    this(source, applier, listener, history, overrides, config -> List.of(), clock);
  }

  /**
   * A reloader for {@code source} that also runs {@code hostChecks} on every valid config: what
   * only this host can check, such as the TLS certificate files (their problems have paths too).
   */
  public ConfigReloader(
      ConfigSource source,
      ConfigApplier applier,
      ReloadListener listener,
      ConfigRevisionHistory history,
      UnaryOperator<LoadBalancerConfig> overrides,
      Function<LoadBalancerConfig, List<Violation>> hostChecks,
      Clock clock) {
    this.hostChecks = requireNonNull(hostChecks, "hostChecks");
    this.source = requireNonNull(source, "source");
    this.applier = requireNonNull(applier, "applier");
    this.listener = requireNonNull(listener, "listener");
    this.history = requireNonNull(history, "history");
    this.overrides = requireNonNull(overrides, "overrides");
    this.clock = requireNonNull(clock, "clock");
    this.watchEvents = new LatestOnlyExecutor<>("config-reload", r -> handle(r, false));
  }

  /**
   * Reads the source now and reloads: the first load at startup, {@code POST /admin/reload},
   * SIGHUP. Unlike a watch event, a reading equal to the last one is judged again, so the caller
   * gets a real answer.
   */
  public ReloadOutcome reloadNow() {
    return handle(source.read(), true);
  }

  /** Starts the source's watch; every change it sees is reloaded on the reload thread. */
  public void startWatching() {
    source.start(watchEvents::offer);
  }

  /** Re-applies the revision accepted before the one in force. */
  public ReloadOutcome rollback() throws RollbackException {
    lock.lock();
    try {
      if (active == null) {
        throw new RollbackException(Reason.NOTHING_BEFORE, "no config has been accepted yet");
      }
      ConfigRevision target =
          history
              .before(active.number())
              .orElseThrow(
                  () ->
                      new RollbackException(
                          Reason.NOTHING_BEFORE,
                          "revision "
                              + active.number()
                              + " is the oldest kept revision; there is nothing before it (kept: "
                              + history.numbers()
                              + ")"));
      return rollBackTo(target);
    } finally {
      lock.unlock();
    }
  }

  /** Re-applies the kept revision {@code number}. */
  public ReloadOutcome rollbackTo(long number) throws RollbackException {
    lock.lock();
    try {
      ConfigRevision target =
          history
              .find(number)
              .orElseThrow(
                  () ->
                      new RollbackException(
                          Reason.UNKNOWN_REVISION,
                          "revision "
                              + number
                              + " is not in the history (kept: "
                              + history.numbers()
                              + ")"));
      return rollBackTo(target);
    } finally {
      lock.unlock();
    }
  }

  /** Every kept revision, oldest first, with the one in force marked. */
  public List<KeptRevision> revisions() {
    lock.lock();
    try {
      return history.list().stream()
          .map(r -> new KeptRevision(r, active != null && r.number() == active.number()))
          .toList();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The state {@code /status} shows, as of the last finished reload. Never waits for a reload that
   * runs.
   */
  public ReloaderState status() {
    return status;
  }

  /** Stops the watch and the reload thread. A reload that runs finishes first. */
  @Override
  public void close() {
    source.close();
    watchEvents.close();
  }

  private @Nullable ReloadOutcome handle(SourceReading reading, boolean requested) {
    lock.lock();
    try {
      if (!requested && reading.equals(lastReading)) {
        return null; // the same event twice (a touch, a re-list after a reconnect): nothing new
      }
      lastReading = reading;
      if (reading instanceof SourceReading.Unusable unusable) {
        return reject(unusable.origin(), List.of(new Violation("", unusable.reason())));
      }
      SourceReading.Text text = (SourceReading.Text) reading;
      LoadBalancerConfig config;
      try {
        config = ConfigValidator.requireValid(overrides.apply(ConfigCodec.read(text.yaml())));
      } catch (InvalidConfigException e) {
        return reject(text.origin(), e.violations());
      }
      List<Violation> hostProblems = hostChecks.apply(config);
      if (!hostProblems.isEmpty()) {
        return reject(text.origin(), hostProblems);
      }
      return consider(text, config, requested);
    } finally {
      lock.unlock();
    }
  }

  private ReloadOutcome consider(
      SourceReading.Text text, LoadBalancerConfig config, boolean requested) {
    if (rolledBack && config.equals(lastSourceConfig)) {
      return finish(
          unchanged(
              text.origin(),
              "revision "
                  + active.number()
                  + " stays in force (rolled back): "
                  + text.origin()
                  + " still holds the config the rollback replaced"),
          requested);
    }
    lastSourceConfig = config;
    rolledBack = false;
    OptionalLong given = text.revision();
    if (active != null
        && config.equals(active.config())
        && (given.isEmpty() || given.getAsLong() == active.number())) {
      return finish(
          unchanged(
              text.origin(),
              "the config from " + text.origin() + " equals revision " + active.number()),
          requested);
    }
    long number = given.orElse(highestNumber + 1);
    if (active != null && number == active.number()) {
      log.warn(
          "{} changed without a new revision number: it replaces revision {}",
          text.origin(),
          number);
    }
    return apply(
        new ConfigRevision(number, config, text.origin(), clock.instant()), Result.ACCEPTED);
  }

  private ReloadOutcome rollBackTo(ConfigRevision target) {
    if (active != null && target.number() == active.number()) {
      return finish(
          unchanged("rollback", "revision " + target.number() + " is already in force"), true);
    }
    return apply(target, Result.ROLLED_BACK);
  }

  private ReloadOutcome apply(ConfigRevision next, Result result) {
    String changes;
    try {
      changes = applier.apply(next);
    } catch (ApplyException e) {
      return reject(
          next.origin(),
          List.of(
              new Violation(
                  "", "revision " + next.number() + " could not be applied: " + e.getMessage())));
    } catch (RuntimeException e) {
      log.error("applying revision {} failed unexpectedly", next.number(), e);
      return reject(
          next.origin(),
          List.of(new Violation("", "revision " + next.number() + " could not be applied: " + e)));
    }
    long previous = active == null ? 0 : active.number();
    active = next;
    if (result == Result.ROLLED_BACK) {
      rolledBack = true;
      return finish(
          new ReloadOutcome(
              result,
              next.number(),
              previous,
              "rollback",
              List.of(),
              "rolled back from revision "
                  + previous
                  + " to revision "
                  + next.number()
                  + " ("
                  + next.summary()
                  + "): "
                  + changes
                  + "; it stays in force until "
                  + source.describe()
                  + " changes"),
          true);
    }
    history.add(next);
    highestNumber = Math.max(highestNumber, next.number());
    return finish(
        new ReloadOutcome(
            result,
            next.number(),
            previous,
            next.origin(),
            List.of(),
            "config revision "
                + next.number()
                + " is in force (from "
                + next.origin()
                + "): "
                + changes),
        true);
  }

  private ReloadOutcome reject(String origin, List<Violation> problems) {
    lastRejection = new Rejection(clock.instant(), origin, problems);
    String serving =
        active == null ? "no config is in force yet" : "still serving revision " + active.number();
    String message =
        "rejected the config from "
            + origin
            + "; "
            + serving
            + ". "
            + (problems.size() == 1 ? "Problem: " : problems.size() + " problems: ")
            + problems.stream().map(Violation::toString).collect(Collectors.joining("; "));
    return finish(
        new ReloadOutcome(
            Result.REJECTED, activeNumber(), activeNumber(), origin, problems, message),
        true);
  }

  private ReloadOutcome unchanged(String origin, String message) {
    return new ReloadOutcome(
        Result.UNCHANGED, activeNumber(), activeNumber(), origin, List.of(), message);
  }

  private ReloadOutcome finish(ReloadOutcome outcome, boolean worthInfo) {
    status =
        new ReloaderState(
            Optional.ofNullable(active), rolledBack, Optional.ofNullable(lastRejection));
    switch (outcome.result()) {
      case REJECTED -> log.warn("{}", outcome.message());
      case UNCHANGED -> {
        if (worthInfo) {
          log.info("{}; nothing to do", outcome.message());
        } else {
          log.debug("{}; nothing to do", outcome.message());
        }
      }
      default -> log.info("{}", outcome.message());
    }
    try {
      listener.reloaded(outcome);
    } catch (RuntimeException e) {
      log.error("a reload listener failed on {}", outcome.result().label(), e);
    }
    return outcome;
  }

  private long activeNumber() {
    return active == null ? 0 : active.number();
  }
}
