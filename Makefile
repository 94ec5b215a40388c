# Common tasks. Each target is a thin wrapper: the scripts and Maven are the source of truth.
MVN ?= mvn -B -ntp

.PHONY: help build test integration-test run-local bench jmh aot-cache images crds manifests format clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

build: ## Compile, check formatting and package the runnable jars (no tests)
	$(MVN) package -DskipTests

test: ## Unit tests, HTML test report and coverage report
	scripts/run-tests.sh

integration-test: ## Integration tests against real sockets and processes
	scripts/run-integration-tests.sh

run-local: ## Three example backends and the proxy on localhost (Ctrl-C stops all)
	scripts/run-local.sh

bench: ## Benchmark: our proxy vs HAProxy vs nginx direct, with wrk (docs/bench.md)
	scripts/bench.sh

aot-cache: build ## Class cache the proxy starts faster from (AOT cache on JDK 25+, AppCDS before)
	scripts/aot-cache.sh

JMH_ARGS ?=
jmh: ## JMH microbenchmarks (bench/): the request head parse/rewrite path; JMH_ARGS="-prof gc" etc.
	$(MVN) -q -P jmh -pl bench -am package -DskipTests
	java -jar bench/target/roundhouse-bench.jar $(JMH_ARGS)

VERSION ?= 0.1.0
images: ## Build the container images (needs a Docker engine)
	docker build -f Dockerfile.proxy -t ghcr.io/roundhouse-dev/proxy:$(VERSION) .
	docker build -f Dockerfile.operator -t ghcr.io/roundhouse-dev/operator:$(VERSION) .
	docker build -f examples/backend/Dockerfile -t ghcr.io/roundhouse-dev/example-backend:$(VERSION) .

crds: ## Regenerate crds/ (and the Helm chart's copy) from the Java types
	$(MVN) -q -pl api process-classes
	cp api/target/classes/META-INF/fabric8/loadbalancers.roundhouse.dev-v1.yml crds/
	@if [ -d helm/roundhouse/crds ]; then cp crds/*.yml helm/roundhouse/crds/; fi
	@if [ -d deployments/kubernetes ]; then cp crds/loadbalancers.roundhouse.dev-v1.yml deployments/kubernetes/01-crd.yaml; fi
	@echo "crds/ regenerated; commit it"

manifests: ## Regenerate deployments/kubernetes/ (plain manifests) from the Helm chart
	$(MVN) -q verify -pl packaging -am -DskipITs -Dtest=PlainManifestsTest \
	  -Dsurefire.failIfNoSpecifiedTests=false -Droundhouse.updateManifests=true
	@echo "deployments/kubernetes/ regenerated; commit it"

format: ## Reformat the Java sources (google-java-format)
	$(MVN) -q spotless:apply

clean: ## Remove build output
	$(MVN) -q clean
