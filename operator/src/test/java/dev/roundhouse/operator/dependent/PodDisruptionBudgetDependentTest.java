package dev.roundhouse.operator.dependent;

import static dev.roundhouse.operator.dependent.Resources.onPorts;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

class PodDisruptionBudgetDependentTest {

  @Test
  void aPodThatIsNotReadyNeverBlocksADrain() {
    PodDisruptionBudget pdb = new PodDisruptionBudgetDependent().desired(onPorts(8080), null);

    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getUnhealthyPodEvictionPolicy()).isEqualTo("AlwaysAllow");
  }
}
