#!/usr/bin/env bash
# Runs the integration tests (*IT, and *E2E where Docker runs) of every module against real
# sockets and processes, then writes an HTML test report and a coverage report (of every test run
# since the last clean build) and prints where they are. Extra arguments go to Maven.
set -uo pipefail
cd "$(dirname "$0")/.."

mvn -B -ntp --fail-at-end verify -DskipUTs "$@"
status=$?

mvn -B -ntp -q surefire-report:failsafe-report-only -Daggregate=true -DlinkXRef=false >/dev/null 2>&1 \
  || echo "warning: could not write the HTML test report" >&2

echo
echo "Integration tests: $([ $status -eq 0 ] && echo passed || echo FAILED)"
echo "Test report:       $PWD/target/reports/failsafe.html"
echo "Coverage report:   $PWD/coverage/target/site/jacoco-aggregate/index.html"
exit $status
