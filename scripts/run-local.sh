#!/usr/bin/env bash
# Runs Roundhouse on this machine without Docker: three example backends (ports 9001-9003, ids 1-3)
# and the proxy with deployments/config.yaml (frontends 8080 and 8081, admin port 9090). The config
# names the backends backend1..3 for docker-compose; here --backend flags point the proxy at
# 127.0.0.1 instead. Builds the jars first if they are missing or older than the sources.
# Ctrl-C stops everything. Logs: run/backend-N.log and run/proxy.log.
#
#   scripts/run-local.sh         # as above
#   scripts/run-local.sh --aot   # the proxy starts from a class cache (scripts/aot-cache.sh builds
#                                # it once per jar): an AOT cache on JDK 25+, AppCDS before
set -euo pipefail
cd "$(dirname "$0")/.."

AOT=0
while [ $# -gt 0 ]; do
  case "$1" in
    --aot) AOT=1 ;;
    -h | --help) sed -n "2,11p" "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-local: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

PROXY_JAR=proxy/target/roundhouse-proxy.jar
BACKEND_JAR=examples/backend/target/roundhouse-example-backend.jar
CONFIG=deployments/config.yaml
BACKEND_PORTS=(9001 9002 9003)
PROXY_PORTS=(8080 8081)
ADMIN_PORT=9090

die() {
  echo "run-local: $*" >&2
  exit 1
}

command -v java >/dev/null || die "java is not installed (Java 17 or newer is needed)"

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

for port in "${BACKEND_PORTS[@]}" "${PROXY_PORTS[@]}" "$ADMIN_PORT"; do
  if listening "$port"; then
    die "port $port is already in use (another run-local.sh? docker-compose?); stop that first"
  fi
done

stale() {
  [ ! -f "$1" ] || [ -n "$(find api/src proxy/src examples/backend/src pom.xml proxy/pom.xml \
    examples/backend/pom.xml -newer "$1" -type f -print -quit)" ]
}
if stale "$PROXY_JAR" || stale "$BACKEND_JAR"; then
  command -v mvn >/dev/null || die "the jars need building and Maven (mvn) is not installed"
  echo "Building the proxy and the example backend (mvn package, no tests)..."
  mvn -B -ntp -q -Dstyle.color=never package -DskipTests -pl proxy,examples/backend -am
fi

mkdir -p run
pids=()
cleanup() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    echo
    echo "Stopping the proxy and the backends..."
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap cleanup INT TERM EXIT

backend_flags=()
for i in 1 2 3; do
  port=${BACKEND_PORTS[$((i - 1))]}
  java -jar "$BACKEND_JAR" -port="$port" -id="$i" >"run/backend-$i.log" 2>&1 &
  pids+=($!)
  backend_flags+=(--backend "http://127.0.0.1:$port")
done

await_port() { # port, what, log
  for _ in $(seq 1 200); do
    listening "$1" && return 0
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || die "$2 exited; see $3:
$(tail -n 20 "$3")"
    done
    sleep 0.1
  done
  die "$2 did not start listening on port $1 within 20 s; see $3"
}
for i in 1 2 3; do
  await_port "${BACKEND_PORTS[$((i - 1))]}" "backend $i" "run/backend-$i.log"
done

# The JVM options the image uses too (the file says why each one).
proxy_jvm=(@proxy/jvm.options)
if [ "$AOT" -eq 1 ]; then
  echo "Building the class cache if the jar is newer (scripts/aot-cache.sh)..."
  proxy_jvm+=("$(scripts/aot-cache.sh --if-stale --jar "$PROXY_JAR" | tail -n 1)")
fi
java "${proxy_jvm[@]}" -jar "$PROXY_JAR" --config "$CONFIG" "${backend_flags[@]}" > >(tee run/proxy.log) 2>&1 &
pids+=($!)
for port in "${PROXY_PORTS[@]}"; do
  await_port "$port" "the proxy" run/proxy.log
done

cat <<EOF

Roundhouse is running: proxy on :8080 and :8081 (round-robin over three backends, 9001-9003).
Try:
  curl -i localhost:8080/                      # X-Backend-Id says which backend answered
  for i in 1 2 3 4 5 6; do curl -s localhost:8080/ -o /dev/null -D - | grep -i x-backend-id; done
  curl -i -H 'X-Request-Id: my-id' localhost:8081/hello
  curl -s -o /dev/null -w '%{http_code} %{time_total}s\n' 'localhost:8080/?delay=2s'
  curl -s 'localhost:8080/?size=10000000' | wc -c
  curl -s --data-binary 'echo me' localhost:8080/
  websocat ws://localhost:8080/ws              # a WebSocket: which backend answered, then an echo
EOF
if listening "$ADMIN_PORT"; then
  cat <<EOF
  curl -s localhost:$ADMIN_PORT/status          # backends, health, requests in flight
  curl -s localhost:$ADMIN_PORT/metrics | grep roundhouse_
EOF
fi
cat <<EOF
  curl localhost:9002/admin/health?status=down  # fail backend 2's health check
Logs: run/proxy.log, run/backend-{1,2,3}.log. Ctrl-C stops everything.

EOF

# Returns when the proxy exits (or Ctrl-C); then the trap stops the rest.
wait "${pids[3]}"
