package dev.roundhouse.operator.dependent;

import dev.roundhouse.api.ConfigCodec;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/**
 * The ConfigMap {@code <name>-config}: the rendered proxy config under {@code config.yaml} and the
 * revision number in the {@code roundhouse.dev/revision} annotation. The proxy pods watch it and
 * reload in place, so a change of backends, health checks, logging or algorithm never restarts a
 * pod.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.OWNED_SELECTOR))
public class ConfigMapDependent extends OwnedResource<ConfigMap> {

  /** Created by the framework. */
  public ConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(LoadBalancer lb, Context<LoadBalancer> context) {
    ReconcileInputs inputs = ReconcileInputs.of(context);
    return new ConfigMapBuilder()
        .withMetadata(metadata(lb, Names.configMap(lb)))
        .editMetadata()
        .addToAnnotations(Names.REVISION_ANNOTATION, Long.toString(inputs.revision()))
        .endMetadata()
        .withData(
            Map.of(
                Names.CONFIG_KEY,
                ConfigCodec.write(TlsSecretVolumes.rendered(lb.getSpec().config()))))
        .build();
  }
}
