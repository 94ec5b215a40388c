/**
 * Tests of what ships around the code, checked without a Docker engine or a cluster: the
 * Dockerfiles and their build context, docker-compose, the Helm chart (rendered and linted with
 * helm-java), its RBAC against the operator's {@code Permissions}, the plain manifests, the example
 * resources against the CRD, the Grafana dashboard and the alert rules (promtool), and the
 * dashboard's and alerts' queries against a live proxy's /metrics.
 */
package dev.roundhouse.packaging;
