#!/usr/bin/env bash
# Runs the unit tests (*Test) of every module, then writes an HTML test report and a coverage
# report and prints where they are. Extra arguments go to Maven (e.g. -pl api -am).
set -uo pipefail
cd "$(dirname "$0")/.."

mvn -B -ntp --fail-at-end clean verify -DskipITs -P jmh "$@"
status=$?

mvn -B -ntp -q surefire-report:report-only -Daggregate=true -DlinkXRef=false >/dev/null 2>&1 \
  || echo "warning: could not write the HTML test report" >&2

echo
echo "Unit tests:      $([ $status -eq 0 ] && echo passed || echo FAILED)"
echo "Test report:     $PWD/target/reports/surefire.html"
echo "Coverage report: $PWD/coverage/target/site/jacoco-aggregate/index.html"
exit $status
