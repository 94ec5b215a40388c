package dev.roundhouse.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollbackResultTest {

  private final LoadBalancer lb = new LoadBalancer();

  @Test
  void aRevisionThatIsNotKeptSaysWhichAre() {
    RollbackResult.Failed failed = new RollbackResult.NotKept(lb, 7, List.of(1L, 2L));

    assertThat(failed.reason()).isEqualTo("RevisionNotFound");
    assertThat(failed.requested()).isEqualTo("7");
    assertThat(failed.why())
        .isEqualTo("revision 7 is not in the history (kept: 1, 2); the spec was not changed");
  }

  @Test
  void aValueThatIsNoNumberIsQuoted() {
    RollbackResult.Failed failed = new RollbackResult.NotANumber(lb, "latest");

    assertThat(failed.reason()).isEqualTo("InvalidRevision");
    assertThat(failed.requested()).isEqualTo("latest");
    assertThat(failed.why())
        .isEqualTo(
            "roundhouse.dev/rollback-to must be a revision number, not \"latest\"; the spec was"
                + " not changed");
  }
}
