#!/usr/bin/env bash
# Benchmarks the Roundhouse proxy against HAProxy, and against one backend directly, with wrk;
# and our proxy with its access log on (JSON lines to a file) against the same proxy with it off.
#
# Both proxies get the same setup: round-robin over three example backends, keep-alive on both
# sides, one worker thread, and the same CPU: each proxy is pinned alone on CPU 0, while wrk and
# the backends share the other CPUs (taskset). The targets are measured in turn, interleaved and
# repeated (the order rotates every round), and the median of the rounds is reported. Each
# measured run follows an untimed re-warm of its target (--rewarm seconds, default 3).
#
#   scripts/bench.sh                 # 64 connections, 3 rounds of 15 s per target, 20 s warm-up
#   scripts/bench.sh --quick         # 3 s per target after 8 s of warm-up: a smoke run
#   scripts/bench.sh --connections 256 --duration 30 --rounds 5
#   scripts/bench.sh --profile       # also record our proxy with JFR and print where the CPU goes
#
# PROXY_JAVA_OPTS sets our proxy's JVM options (default: -Xms256m -Xmx256m).
# Installs wrk and haproxy with apt-get when they are missing. Prints req/s, p50 and p99 per
# target, the ratios ours/HAProxy, ours/direct and access log on/off, and our proxy's peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."

PROXY_JAVA_OPTS=${PROXY_JAVA_OPTS:--Xms256m -Xmx256m}
CONNECTIONS=64
DURATION=15
ROUNDS=3
WARMUP=20
REWARM=3
PROFILE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) DURATION=3; ROUNDS=1; WARMUP=8; REWARM=1 ;;
    --connections) CONNECTIONS=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --rewarm) REWARM=$2; shift ;;
    --profile) PROFILE=1 ;;
    -h | --help) sed -n "2,18p" "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

die() {
  echo "bench: $*" >&2
  exit 1
}

# ---- tools ------------------------------------------------------------------------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v haproxy >/dev/null || missing+=(haproxy)
command -v taskset >/dev/null || missing+=(util-linux)
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "missing ${missing[*]}, and no apt-get to install them"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing ${missing[*]}..."
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v java >/dev/null || die "java is not installed"

PROXY_JAR=proxy/target/roundhouse-proxy.jar
BACKEND_JAR=examples/backend/target/roundhouse-example-backend.jar
stale() {
  [ ! -f "$1" ] || [ -n "$(find api/src proxy/src examples/backend/src pom.xml proxy/pom.xml \
    examples/backend/pom.xml -newer "$1" -type f -print -quit)" ]
}
if stale "$PROXY_JAR" || stale "$BACKEND_JAR"; then
  echo "Building the proxy and the example backend (mvn package, no tests)..."
  mvn -B -ntp -q -Dstyle.color=never package -DskipTests -pl proxy,examples/backend -am
fi

# ---- CPUs -------------------------------------------------------------------------------------
NCPU=$(nproc)
if [ "$NCPU" -ge 2 ]; then
  PROXY_CPUS=0
  LOAD_CPUS="1-$((NCPU - 1))"
  WRK_THREADS=$(((NCPU - 1) < 4 ? (NCPU - 1) : 4))
else
  PROXY_CPUS=0
  LOAD_CPUS=0
  WRK_THREADS=1
  echo "bench: only one CPU: the proxies share it with wrk and the backends" >&2
fi

# ---- processes --------------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/roundhouse-bench.XXXXXX)
BACKEND_PORTS=(19101 19102 19103)
OURS_PORT=19180
HAPROXY_PORT=19181
LOGGED_PORT=19182
ADMIN_PORT=19190
LOGGED_ADMIN_PORT=19191
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "${BACKEND_PORTS[@]}" $OURS_PORT $HAPROXY_PORT $LOGGED_PORT $ADMIN_PORT $LOGGED_ADMIN_PORT; do
  listening "$port" && die "port $port is in use; stop what holds it"
done

pids=()
cleanup() {
  trap - INT TERM EXIT
  [ ${#pids[@]} -eq 0 ] || kill -TERM "${pids[@]}" 2>/dev/null || true
  [ ${#pids[@]} -eq 0 ] || wait "${pids[@]}" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup INT TERM EXIT

await_port() { # port, name, log
  for _ in $(seq 1 300); do
    listening "$1" && return 0
    sleep 0.1
  done
  die "$2 did not listen on port $1 within 30 s:
$(tail -n 20 "$3")"
}

for i in 1 2 3; do
  port=${BACKEND_PORTS[$((i - 1))]}
  taskset -c "$LOAD_CPUS" java -Xmx256m -jar "$BACKEND_JAR" -host=127.0.0.1 -port="$port" \
    -id="$i" -quiet -threads=1 >"$WORK/backend-$i.log" 2>&1 &
  pids+=($!)
done

cat >"$WORK/ours.yaml" <<EOF
frontends:
  - port: $OURS_PORT
backends:
  - "http://127.0.0.1:${BACKEND_PORTS[0]}"
  - "http://127.0.0.1:${BACKEND_PORTS[1]}"
  - "http://127.0.0.1:${BACKEND_PORTS[2]}"
algorithm: round-robin
healthcheck:
  enabled: false
logging:
  level: warn
  accessLog: false
metrics:
  port: $ADMIN_PORT
EOF
jfr_opts=()
if [ "$PROFILE" -eq 1 ]; then
  jfr_opts=(-XX:StartFlightRecording=name=bench,settings=profile)
fi
# shellcheck disable=SC2086 # word splitting of the options is intended
taskset -c "$PROXY_CPUS" java $PROXY_JAVA_OPTS "${jfr_opts[@]}" -jar "$PROXY_JAR" \
  --config "$WORK/ours.yaml" --workers 1 >"$WORK/ours.log" 2>&1 &
OURS_PID=$!
pids+=($OURS_PID)

# The same proxy with the access log on: a JSON line per request, written to a file (as a
# container's standard output is), through the asynchronous appender.
sed -e "s/$OURS_PORT/$LOGGED_PORT/" -e "s/$ADMIN_PORT/$LOGGED_ADMIN_PORT/" \
  -e "s/level: warn/level: info/" -e "s/accessLog: false/accessLog: true/" \
  "$WORK/ours.yaml" >"$WORK/ours-log.yaml"
# shellcheck disable=SC2086 # word splitting of the options is intended
taskset -c "$PROXY_CPUS" java $PROXY_JAVA_OPTS -jar "$PROXY_JAR" \
  --config "$WORK/ours-log.yaml" --workers 1 >"$WORK/ours-log.log" 2>&1 &
LOGGED_PID=$!
pids+=($LOGGED_PID)

cat >"$WORK/haproxy.cfg" <<EOF
global
  nbthread 1
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  option http-keep-alive
  http-reuse always
frontend bench
  bind 127.0.0.1:$HAPROXY_PORT
  option forwardfor
  http-request set-header X-Forwarded-Proto http
  http-request set-header X-Forwarded-Host %[req.hdr(host)]
  http-request set-header X-Request-Id %[uuid()] unless { req.hdr(x-request-id) -m found }
  default_backend servers
backend servers
  balance roundrobin
  server b1 127.0.0.1:${BACKEND_PORTS[0]}
  server b2 127.0.0.1:${BACKEND_PORTS[1]}
  server b3 127.0.0.1:${BACKEND_PORTS[2]}
EOF
haproxy -c -q -f "$WORK/haproxy.cfg" || die "HAProxy rejected its config ($WORK/haproxy.cfg)"
taskset -c "$PROXY_CPUS" haproxy -db -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
pids+=($!)

for i in 1 2 3; do await_port "${BACKEND_PORTS[$((i - 1))]}" "backend $i" "$WORK/backend-$i.log"; done
await_port $OURS_PORT "our proxy" "$WORK/ours.log"
await_port $LOGGED_PORT "our proxy with the access log" "$WORK/ours-log.log"
await_port $HAPROXY_PORT "HAProxy" "$WORK/haproxy.log"

declare -A PORT=([ours]=$OURS_PORT [ours-log]=$LOGGED_PORT [haproxy]=$HAPROXY_PORT
  [direct]=${BACKEND_PORTS[0]})

# ---- measuring --------------------------------------------------------------------------------
to_ms() { # wrk's 812.00us / 1.23ms / 1.02s -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
    printf "%.3f", n }'
}

run_wrk() { # target, seconds -> "rps p50 p99 errors"
  local out
  out=$(taskset -c "$LOAD_CPUS" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$2"s --latency \
    "http://127.0.0.1:${PORT[$1]}/")
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  errors=$(awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {
      for (i = 4; i <= NF; i += 2) { v = $i; gsub(/,/, "", v); n += v } } END {print n + 0}' <<<"$out")
  echo "$rps $p50 $p99 $errors"
}

targets=(ours ours-log haproxy direct)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "Warming up (${WARMUP}s per target: JIT, pools, connections)..."
for t in "${targets[@]}"; do run_wrk "$t" "$WARMUP" >/dev/null; done

declare -A RESULTS
for round in $(seq 1 "$ROUNDS"); do
  # Rotate the order each round so no target always runs first or last.
  shift_by=$(((round - 1) % ${#targets[@]}))
  order=("${targets[@]:$shift_by}" "${targets[@]:0:$shift_by}")
  for t in "${order[@]}"; do
    # An untimed run first: the target sat idle while the others ran, its clients' connections
    # are new, and a JVM recompiles code in the first seconds after such a pause (the JIT log
    # shows a burst of compilations). That re-warm is real but not the steady state this
    # compares (docs/bench.md).
    if [ "$REWARM" -gt 0 ]; then run_wrk "$t" "$REWARM" >/dev/null; fi
    result=$(run_wrk "$t" "$DURATION")
    RESULTS[$t]+="$result"$'\n'
    printf "round %d  %-8s %10.0f req/s  p50 %7.3f ms  p99 %7.3f ms  errors %s\n" "$round" "$t" $result
  done
done

median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
declare -A RPS P50 P99 ERR
for t in "${targets[@]}"; do
  RPS[$t]=$(awk 'NF {print $1}' <<<"${RESULTS[$t]}" | median)
  P50[$t]=$(awk 'NF {print $2}' <<<"${RESULTS[$t]}" | median)
  P99[$t]=$(awk 'NF {print $3}' <<<"${RESULTS[$t]}" | median)
  ERR[$t]=$(awk 'NF {n += $4} END {print n + 0}' <<<"${RESULTS[$t]}")
done
RSS_KB=$(awk '/^VmHWM:/ {print $2}' "/proc/$OURS_PID/status")

echo
echo "Machine: $NCPU CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(uname -sr);" \
  "load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Pinning: each proxy on CPU $PROXY_CPUS with one worker thread (one under load at a time); wrk ($WRK_THREADS threads," \
  "$CONNECTIONS connections) and the three backends (one event loop each) on CPUs $LOAD_CPUS."
echo "Runs: $ROUNDS round(s) of ${DURATION}s per target, interleaved, after ${WARMUP}s of warm-up," \
  "each after an untimed ${REWARM}s re-warm of its target; medians."
echo "Our proxy's JVM: java $PROXY_JAVA_OPTS (JDK $(java -version 2>&1 | awk -F'"' '/version/ {print $2}'))."
echo
printf "%-10s %12s %10s %10s %8s\n" target "req/s" "p50 ms" "p99 ms" errors
for t in "${targets[@]}"; do
  printf "%-10s %12.0f %10.3f %10.3f %8s\n" "$t" "${RPS[$t]}" "${P50[$t]}" "${P99[$t]}" "${ERR[$t]}"
done
echo
LOG_LINES=$(wc -l <"$WORK/ours-log.log")
awk -v o="${RPS[ours]}" -v h="${RPS[haproxy]}" -v d="${RPS[direct]}" -v conns="$CONNECTIONS" \
  -v op="${P99[ours]}" -v hp="${P99[haproxy]}" -v rss="$RSS_KB" -v l="${RPS[ours-log]}" \
  -v lines="$LOG_LINES" 'BEGIN {
  printf "ours / HAProxy req/s: %.2f   (target >= 0.60)\n", o / h
  printf "ours / HAProxy p99:   %.2f   (target <= 2.00)\n", op / hp
  printf "ours / direct req/s:  %.2f\n", o / d
  printf "access log on / off req/s: %.2f   (target >= 0.90; %d lines written)\n", l / o, lines
  printf "our proxy peak RSS:   %.0f MiB\n", rss / 1024
  printf "verdict at %s connections: %s\n", conns,
    (o / h >= 0.6 && op / hp <= 2.0 && l / o >= 0.9) ? "target met" : "target NOT met" }'

if [ "${ERR[ours]}" -gt 0 ] || [ "${ERR[ours-log]}" -gt 0 ]; then
  echo "bench: our proxy answered ${ERR[ours]} (access log off) and ${ERR[ours-log]} (on)" \
    "requests with errors; see $WORK/ours.log and $WORK/ours-log.log" >&2
fi

if [ "$PROFILE" -eq 1 ]; then
  jcmd "$OURS_PID" JFR.dump name=bench filename="$WORK/ours.jfr" >/dev/null
  echo
  echo "Where our proxy's CPU goes (JFR execution samples, top frames, whole run):"
  jfr print --events jdk.ExecutionSample "$WORK/ours.jfr" | awk '
    /stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*/, ""); top[$0]++; total++ }
    END { for (f in top) printf "%6.2f%%  %s\n", 100 * top[f] / total, f }' | sort -rn | sed -n 1,25p
  echo
  echo "By package (self time: the package of the top frame):"
  jfr print --events jdk.ExecutionSample "$WORK/ours.jfr" | awk '
    /stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); f = $1; sub(/\(.*/, "", f); n = split(f, parts, ".");
      pkg = parts[1]; for (i = 2; i <= n - 2 && i <= 5; i++) pkg = pkg "." parts[i]; hits[pkg]++; total++ }
    END { for (p in hits) printf "%6.2f%%  %s\n", 100 * hits[p] / total, p }' | sort -rn | sed -n 1,15p
  echo "(JFR samples Java code only: time in the kernel's read and write calls is not shown)"
  cp "$WORK/ours.jfr" /tmp/roundhouse-bench.jfr
  echo "(recording kept in /tmp/roundhouse-bench.jfr: jfr print / JDK Mission Control)"
fi
