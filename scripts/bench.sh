#!/usr/bin/env bash
# Benchmarks the Roundhouse proxy against HAProxy 2.6, and against a backend directly, with wrk.
#
# Three nginx servers (127.0.0.2-4, a static 200 with a small body, keep-alive) are the backends,
# so that they are never what limits a run. Each proxy is pinned alone on CPU 0 with one worker
# thread (ours --workers 1, HAProxy nbthread 1); wrk and nginx share CPU 1 (taskset). Scenarios:
# keep-alive at each --connections count (default 64, 256 and 1000), then a new connection per
# request (wrk sends `Connection: close`, 64 connections), then the same two over TLS (64
# connections; --no-tls skips them): each proxy terminates TLS with the same certificate (ECDSA
# P-256, made with openssl), ours once with OpenSSL (netty-tcnative, `ours`) and once with the
# JDK's TLS (`ours-jdktls`, -Dio.netty.handler.ssl.noOpenSsl=true); with close, every request
# is a full handshake. In each scenario the targets run in
# turn, interleaved and repeated (the order rotates every round), each measured run after an
# untimed re-warm of its target; the medians are reported.
#
#   scripts/bench.sh                   # 3 rounds of 10 s per target and scenario (about 20 min)
#   scripts/bench.sh --quick           # 3 s, 1 round, 64 connections and close: a smoke run
#   scripts/bench.sh --duration 5 --repeats 1 --connections 64,1000
#   scripts/bench.sh --variant 'jdk25:/usr/lib/jvm/temurin-25-jdk-amd64:-Xmx256m -XX:+UseG1GC'
#   scripts/bench.sh --profile         # also record `ours` with JFR and print where the CPU goes
#   scripts/bench.sh --jar main:/tmp/main/roundhouse-proxy.jar   # a build of main, side by side
#   scripts/bench.sh --aot             # also `ours-aot`: started from a class cache, as the image
#   scripts/bench.sh --io-uring        # also `ours-io_uring`: our proxy with --transport io_uring
#   scripts/bench.sh --syscalls        # also: system calls per request of each proxy (strace -c)
#
# --variant NAME:JAVA_HOME:JVM_OPTIONS (repeatable) adds our proxy once more as target NAME, run
# with JAVA_HOME/bin/java (empty: the default java) and those options: compares JDKs, GCs and
# flags in one run. --jar NAME:PATH (repeatable) adds our proxy built elsewhere (a copy of
# proxy/target/roundhouse-proxy.jar with its lib/ beside it, e.g. from main) as target NAME, with
# the same java and options as `ours`: a change against its base in one run (a build from before
# the SLF4J provider that proxy/jvm.options names: SLF4J says it is missing and falls back to
# logback's own, which costs that build some 20 ms of its start). `ours` runs with
# $JAVA_HOME/bin/java (else java on the PATH) and PROXY_JAVA_OPTS (default: @proxy/jvm.options,
# the options the image and run-local.sh use).
# --aot adds `ours-aot`: our proxy started from the class cache scripts/aot-cache.sh trains for the
# jar (built if missing or older than the jar; an AOT cache on JDK 25+, AppCDS before) and with
# Netty's native libraries on java.library.path (proxy/target/native), as the proxy image starts:
# its start and memory are the ones a deployment sees.
# `ours` runs on the transport the proxy picks by default (epoll; the line for each target below the
# report names it). --io-uring adds `ours-io_uring`, the same proxy with --transport io_uring.
# --syscalls, after the scenarios, puts each proxy under strace -c -f for 3 s of 64 keep-alive
# connections and 3 s of 64 with `Connection: close`, and prints each system call's count per
# request (strace slows the proxies: the counts are the figure, not the rate; it needs the right
# to trace the proxies' processes, which root and their owner have by default).
# --no-access-log drops `ours-log` (our proxy with its access log on, measured in the first
# scenario only); --no-tls the TLS scenarios.
#
# Per target: req/s, p50, p99, wrk errors and timeouts, CPU time per request (user + system, from
# /proc/<pid>/stat; each round's line also splits it into user and kernel time), the CPU time a
# JVM's JIT compilers took during the run (`JIT ms`: on one CPU the event loop waits that long,
# and the p99 shows it), start to first proxied 200, idle RSS (after that first 200) and peak RSS
# (VmHWM, before the idle step, and after each step in a table of its own), and the memory each
# idle keep-alive connection costs: --idle N (default 5000, 0 skips it) clients each send one
# request, read its answer and stay connected;
# (RSS with them - RSS before) / N. Per scenario: the ratios ours/HAProxy (req/s and p99) and
# direct/proxy, and a "backend-bound" warning when direct is not at least 1.5x every proxy.
# Installs wrk, haproxy, nginx-light, python3, openssl (and strace for --syscalls) with apt-get
# when missing. Exits non-zero only if something cannot start.
set -euo pipefail
cd "$(dirname "$0")/.."

PROXY_JAVA_OPTS=${PROXY_JAVA_OPTS:-@proxy/jvm.options}
CONNECTIONS=64,256,1000
CLOSE=1
DURATION=10
REPEATS=3
# On one CPU under full load the JIT keeps compiling for 30-40 s after the first request
# (docs/bench.md, "The tail at 64 connections"), and about 90 s with proxy/jvm.options'
# -XX:CompileThresholdScaling=3 ("Stop 35"); a shorter warm-up measures its end, not the proxy.
WARMUP=90
REWARM=3
PROFILE=0
ACCESS_LOG=1
IDLE=5000
TLS=1
VARIANTS=()
JARS=()
AOT=0
IO_URING=0
SYSCALLS=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) DURATION=3; REPEATS=1; WARMUP=5; REWARM=1; CONNECTIONS=64; IDLE=1000 ;;
    --connections) CONNECTIONS=$2; shift ;;
    --no-close) CLOSE=0 ;;
    --duration) DURATION=$2; shift ;;
    --repeats | --rounds) REPEATS=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --rewarm) REWARM=$2; shift ;;
    --variant) VARIANTS+=("$2"); shift ;;
    --jar) JARS+=("$2"); shift ;;
    --aot) AOT=1 ;;
    --io-uring) IO_URING=1 ;;
    --syscalls) SYSCALLS=1 ;;
    --no-access-log) ACCESS_LOG=0 ;;
    --idle) IDLE=$2; shift ;;
    --no-tls) TLS=0 ;;
    --profile) PROFILE=1 ;;
    -h | --help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
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
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v taskset >/dev/null || missing+=(util-linux)
command -v curl >/dev/null || missing+=(curl)
command -v python3 >/dev/null || missing+=(python3)
command -v openssl >/dev/null || missing+=(openssl)
[ "$SYSCALLS" -eq 0 ] || command -v strace >/dev/null || missing+=(strace)
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "missing ${missing[*]}, and no apt-get to install them"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing ${missing[*]}..."
  $sudo apt-get update -qq && $sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
DEFAULT_JAVA=java
[ -z "${JAVA_HOME:-}" ] || DEFAULT_JAVA=$JAVA_HOME/bin/java
command -v "$DEFAULT_JAVA" >/dev/null || die "java is not installed"

PROXY_JAR=proxy/target/roundhouse-proxy.jar
stale() {
  [ ! -f "$1" ] || [ -n "$(find api/src proxy/src pom.xml proxy/pom.xml -newer "$1" -type f -print -quit)" ]
}
if stale "$PROXY_JAR"; then
  echo "Building the proxy (mvn package, no tests)..."
  mvn -B -ntp -q -Dstyle.color=never package -DskipTests -pl proxy -am
fi

# ---- CPUs -------------------------------------------------------------------------------------
NCPU=$(nproc)
PROXY_CPUS=0
if [ "$NCPU" -ge 2 ]; then
  LOAD_CPUS="1-$((NCPU - 1))"
  WRK_THREADS=$(((NCPU - 1) < 4 ? (NCPU - 1) : 4))
else
  LOAD_CPUS=0
  WRK_THREADS=1
  echo "bench: only one CPU: the proxies share it with wrk and the backends" >&2
fi

# ---- targets ----------------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/roundhouse-bench.XXXXXX)
# Our proxies watch the directories of their config and certificates for changes: those live in
# conf/, apart from the logs, so that the access log's writes do not wake every proxy's watch.
CONF=$WORK/conf
mkdir -p "$CONF"
BACKEND_PORT=19101
BACKEND_HOSTS=(127.0.0.2 127.0.0.3 127.0.0.4)
HAPROXY_PORT=19181
declare -A PORT=([direct]=$BACKEND_PORT [haproxy]=$HAPROXY_PORT)
declare -A HOST=([direct]=127.0.0.2 [haproxy]=127.0.0.1)
declare -A JAVA_BIN JAVA_OPTS_OF ACCESS_LOG_OF JAR_OF ARGS_OF TRANSPORT_OF
proxies=(haproxy ours)
JAVA_BIN[ours]=$DEFAULT_JAVA
JAVA_OPTS_OF[ours]=$PROXY_JAVA_OPTS
ACCESS_LOG_OF[ours]=false
if [ "$ACCESS_LOG" -eq 1 ]; then
  proxies+=(ours-log)
  JAVA_BIN[ours-log]=$DEFAULT_JAVA
  JAVA_OPTS_OF[ours-log]=$PROXY_JAVA_OPTS
  ACCESS_LOG_OF[ours-log]=true
fi
for v in "${VARIANTS[@]}"; do
  name=${v%%:*}
  rest=${v#*:}
  [ "$rest" != "$v" ] && [[ "$rest" == *:* ]] || die "--variant $v: expected NAME:JAVA_HOME:JVM_OPTIONS"
  home=${rest%%:*}
  [[ "$name" =~ ^[a-zA-Z0-9._+-]+$ ]] || die "--variant $v: NAME may hold letters, digits and . _ + - only"
  [ -z "${JAVA_BIN[$name]:-}" ] && [ "$name" != haproxy ] && [ "$name" != direct ] \
    || die "--variant $v: the name $name is taken"
  JAVA_BIN[$name]=${home:+$home/bin/}java
  [ -z "$home" ] && JAVA_BIN[$name]=$DEFAULT_JAVA
  [ -x "${JAVA_BIN[$name]}" ] || command -v "${JAVA_BIN[$name]}" >/dev/null \
    || die "--variant $v: no java at ${JAVA_BIN[$name]}"
  JAVA_OPTS_OF[$name]=${rest#*:}
  ACCESS_LOG_OF[$name]=false
  proxies+=("$name")
done
for j in "${JARS[@]}"; do
  name=${j%%:*}
  jar=${j#*:}
  [ "$jar" != "$j" ] && [ -f "$jar" ] || die "--jar $j: expected NAME:PATH of a proxy jar"
  [[ "$name" =~ ^[a-zA-Z0-9._+-]+$ ]] || die "--jar $j: NAME may hold letters, digits and . _ + - only"
  [ -z "${JAVA_BIN[$name]:-}" ] && [ "$name" != haproxy ] && [ "$name" != direct ] \
    || die "--jar $j: the name $name is taken"
  JAVA_BIN[$name]=$DEFAULT_JAVA
  JAVA_OPTS_OF[$name]=$PROXY_JAVA_OPTS
  ACCESS_LOG_OF[$name]=false
  JAR_OF[$name]=$jar
  proxies+=("$name")
done
if [ "$AOT" -eq 1 ]; then
  echo "Building the class cache if the jar is newer (scripts/aot-cache.sh)..."
  aot_option=$(JAVA=$DEFAULT_JAVA scripts/aot-cache.sh --if-stale --jar "$PROXY_JAR" | tail -n 1) \
    || die "scripts/aot-cache.sh could not build the class cache (its output is above)"
  [[ "$aot_option" == -XX:* ]] || die "scripts/aot-cache.sh printed no JVM option: $aot_option"
  proxies+=(ours-aot)
  JAVA_BIN[ours-aot]=$DEFAULT_JAVA
  native_dir=$(dirname "$PROXY_JAR")/native
  [ -d "$native_dir" ] || die "no $native_dir: build the proxy first (make build)"
  JAVA_OPTS_OF[ours-aot]="$PROXY_JAVA_OPTS -Djava.library.path=$native_dir $aot_option"
  ACCESS_LOG_OF[ours-aot]=false
fi
if [ "$IO_URING" -eq 1 ]; then
  proxies+=(ours-io_uring)
  JAVA_BIN[ours-io_uring]=$DEFAULT_JAVA
  JAVA_OPTS_OF[ours-io_uring]=$PROXY_JAVA_OPTS
  ACCESS_LOG_OF[ours-io_uring]=false
  ARGS_OF[ours-io_uring]="--transport io_uring"
fi
if [ "$TLS" -eq 1 ]; then
  # Our proxy with the JDK's TLS instead of OpenSSL; measured in the TLS scenarios only.
  proxies+=(ours-jdktls)
  JAVA_BIN[ours-jdktls]=$DEFAULT_JAVA
  JAVA_OPTS_OF[ours-jdktls]="$PROXY_JAVA_OPTS -Dio.netty.handler.ssl.noOpenSsl=true"
  ACCESS_LOG_OF[ours-jdktls]=false
fi
declare -A TLS_PORT=([haproxy]=19199)
ours_targets=()
next_tls_port=19190
next_port=19180
for t in "${proxies[@]}"; do
  [ "$t" = haproxy ] && continue
  ours_targets+=("$t")
  PORT[$t]=$next_port
  TLS_PORT[$t]=$next_tls_port
  next_tls_port=$((next_tls_port + 1))
  HOST[$t]=127.0.0.1
  next_port=$((next_port + 2))
  [ "$next_port" -ne "$HAPROXY_PORT" ] || next_port=$((next_port + 1))
done

listening() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
for t in direct "${proxies[@]}"; do
  listening "${HOST[$t]}" "${PORT[$t]}" && die "port ${HOST[$t]}:${PORT[$t]} is in use; stop what holds it"
  [ -z "${TLS_PORT[$t]:-}" ] || ! listening "${HOST[$t]}" "${TLS_PORT[$t]}" \
    || die "port ${HOST[$t]}:${TLS_PORT[$t]} is in use; stop what holds it"
done
for i in $(seq 0 $((${#ours_targets[@]} - 1))); do
  listening 127.0.0.1 $((19380 + i)) && die "port $((19380 + i)) is in use; stop what holds it"
done

pids=()
cleanup() {
  trap - INT TERM EXIT
  [ ${#pids[@]} -eq 0 ] || kill -TERM "${pids[@]}" 2>/dev/null || true
  [ ${#pids[@]} -eq 0 ] || wait "${pids[@]}" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup INT TERM EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Start to the first 200 through the target: polls with curl every 10 ms; prints the milliseconds
# and the CPU time the process had used by then (user + system, ms: less sensitive to the load).
first_200() { # target, pid, log, started_ms
  local code
  for _ in $(seq 1 3000); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://${HOST[$1]}:${PORT[$1]}/" || true)
    if [ "$code" = 200 ]; then
      echo "$(($(now_ms) - $4)) $(awk -v t="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / t)}' "/proc/$2/stat")"
      return 0
    fi
    kill -0 "$2" 2>/dev/null || die "$1 exited; see $3:
$(tail -n 20 "$3")"
    sleep 0.01
  done
  die "$1 did not answer 200 within 30 s; see $3:
$(tail -n 20 "$3")"
}

rss_kb() { awk -v k="$2" '$1 == k ":" {print $2}' "/proc/$1/status"; }

# ---- nginx: three backends, one worker, on the load CPUs ----------------------------------------
mkdir -p "$WORK/nginx"
{
  cat <<EOF
daemon off;
master_process on;
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 100000000;
  keepalive_timeout 120s;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  default_type text/plain;
EOF
  for i in 1 2 3; do
    echo "  server { listen ${BACKEND_HOSTS[$((i - 1))]}:$BACKEND_PORT; location / { return 200 \"hello from backend $i\\n\"; } }"
  done
  echo "}"
} >"$WORK/nginx/nginx.conf"
"$NGINX" -t -q -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" 2>"$WORK/nginx/check.log" \
  || die "nginx rejected its config: $(cat "$WORK/nginx/check.log")"
taskset -c "$LOAD_CPUS" "$NGINX" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" \
  >"$WORK/nginx/out.log" 2>&1 &
NGINX_PID=$!
pids+=($NGINX_PID)
for h in "${BACKEND_HOSTS[@]}"; do
  for _ in $(seq 1 100); do listening "$h" $BACKEND_PORT && break; sleep 0.05; done
  listening "$h" $BACKEND_PORT || die "nginx did not listen on $h:$BACKEND_PORT: $(cat "$WORK/nginx/error.log")"
done

# ---- the proxies, started one at a time (so each start is timed alone) --------------------------
declare -A PID START_MS START_CPU IDLE_RSS PEAK_RSS
# One certificate for every proxy's TLS frontend: ECDSA P-256, as most sites serve today.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
  -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
  -keyout "$CONF/tls.key" -out "$CONF/tls.crt" 2>/dev/null || die "openssl could not make a certificate"
cat "$CONF/tls.crt" "$CONF/tls.key" >"$WORK/tls.pem" # HAProxy's crt: certificate and key in one file
haproxy_tls=""
if [ "$TLS" -eq 1 ]; then
  haproxy_tls="
frontend bench_tls
  bind 127.0.0.1:${TLS_PORT[haproxy]} ssl crt $WORK/tls.pem alpn http/1.1
  option forwardfor
  http-request set-header X-Forwarded-Proto https
  http-request set-header X-Forwarded-Host %[req.hdr(host)]
  http-request set-header X-Request-Id %[uuid()] unless { req.hdr(x-request-id) -m found }
  default_backend servers"
fi
cat >"$WORK/haproxy.cfg" <<EOF
global
  nbthread 1
  maxconn 8192
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
  default_backend servers$haproxy_tls
backend servers
  balance roundrobin
  server b1 ${BACKEND_HOSTS[0]}:$BACKEND_PORT
  server b2 ${BACKEND_HOSTS[1]}:$BACKEND_PORT
  server b3 ${BACKEND_HOSTS[2]}:$BACKEND_PORT
EOF
haproxy -c -q -f "$WORK/haproxy.cfg" || die "HAProxy rejected its config ($WORK/haproxy.cfg)"

# What a process's event loops wait on, from its descriptors: an io_uring ring or an epoll set.
event_loop_kind() {
  local links
  links=$(find "/proc/$1/fd" -type l -printf '%l\n' 2>/dev/null || true)
  if grep -q 'anon_inode:\[io_uring\]' <<<"$links"; then
    echo "io_uring transport"
  elif grep -q 'anon_inode:\[eventpoll\]' <<<"$links"; then
    echo "epoll (or NIO) transport"
  else
    echo "transport unknown"
  fi
}

admin_port=19380 # admin ports 19380 and up, one per instance of our proxy
for t in "${proxies[@]}"; do
  started=$(now_ms)
  if [ "$t" = haproxy ]; then
    taskset -c "$PROXY_CPUS" haproxy -db -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
  else
    tls_frontend=""
    if [ "$TLS" -eq 1 ]; then
      tls_frontend="
  - port: ${TLS_PORT[$t]}
    tls: {certificate: $CONF/tls.crt, key: $CONF/tls.key}"
    fi
    cat >"$CONF/$t.yaml" <<EOF
frontends:
  - port: ${PORT[$t]}$tls_frontend
backends:
  - "http://${BACKEND_HOSTS[0]}:$BACKEND_PORT"
  - "http://${BACKEND_HOSTS[1]}:$BACKEND_PORT"
  - "http://${BACKEND_HOSTS[2]}:$BACKEND_PORT"
algorithm: round-robin
healthcheck:
  enabled: false
logging:
  level: $([ "${ACCESS_LOG_OF[$t]}" = true ] && echo info || echo warn)
  accessLog: ${ACCESS_LOG_OF[$t]}
metrics:
  port: $admin_port
EOF
    admin_port=$((admin_port + 1))
    jfr_opts=()
    if [ "$PROFILE" -eq 1 ] && [ "$t" = ours ]; then
      jfr_opts=(-XX:StartFlightRecording=name=bench,settings=profile)
    fi
    # shellcheck disable=SC2086 # word splitting of the options is intended
    taskset -c "$PROXY_CPUS" "${JAVA_BIN[$t]}" ${JAVA_OPTS_OF[$t]} "${jfr_opts[@]}" -jar "${JAR_OF[$t]:-$PROXY_JAR}" \
      --config "$CONF/$t.yaml" --workers 1 ${ARGS_OF[$t]:-} >"$WORK/$t.log" 2>&1 &
  fi
  PID[$t]=$!
  pids+=($!)
  read -r "START_MS[$t]" "START_CPU[$t]" <<<"$(first_200 "$t" "${PID[$t]}" "$WORK/$t.log" "$started")"
  sleep 1
  IDLE_RSS[$t]=$(rss_kb "${PID[$t]}" VmRSS)
  [ "$t" = haproxy ] || TRANSPORT_OF[$t]=$(event_loop_kind "${PID[$t]}")
done
PID[direct]=$NGINX_PID

# ---- measuring --------------------------------------------------------------------------------
to_ms() { # wrk's 812.00us / 1.23ms / 1.02s -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
    printf "%.3f", n }'
}

# CPU time of a process and its children's threads, in clock ticks: "user system". nginx's worker
# is a child of its master, so both are summed.
cpu_ticks() {
  local pid=$1 user=0 system=0 p u k
  for p in $pid $(cat "/proc/$pid/task/"*/children 2>/dev/null); do
    read -r u k < <(awk '{print $14, $15}' "/proc/$p/stat" 2>/dev/null || echo 0 0)
    user=$((user + ${u:-0}))
    system=$((system + ${k:-0}))
  done
  echo "$user $system"
}
TICK_US=$((1000000 / $(getconf CLK_TCK)))

# CPU time of a JVM's JIT compiler threads (C1 and C2), in nanoseconds, from the scheduler's
# statistics (finer than clock ticks); 0 for a process without them. Reported per run: on the one
# CPU a proxy gets here, each millisecond the JIT compiles is a millisecond the event loop waits,
# and that wait lands in the p99 (docs/bench.md, "The tail at 64 connections").
jit_ns() {
  local total=0 t name run
  for t in "/proc/$1/task/"*; do
    name=$(cat "$t/comm" 2>/dev/null) || continue
    case "$name" in
      "C1 CompilerThre"* | "C2 CompilerThre"*)
        { read -r run _ <"$t/schedstat"; } 2>/dev/null || run=0
        total=$((total + run))
        ;;
    esac
  done
  echo "$total"
}

run_wrk() { # target, connections, seconds, close(0/1)[, tls(0/1)] -> "rps p50 p99 errors timeouts cpu_us_per_req user_us_per_req system_us_per_req jit_ms"
  local header=() url="http://${HOST[$1]}:${PORT[$1]}/"
  [ "$4" -eq 0 ] || header=(-H "Connection: close")
  [ "${5:-0}" -eq 0 ] || url="https://${HOST[$1]}:${TLS_PORT[$1]}/"
  local before after out jit_before jit_after
  before=$(cpu_ticks "${PID[$1]}")
  jit_before=$(jit_ns "${PID[$1]}")
  out=$(taskset -c "$LOAD_CPUS" wrk -t"$WRK_THREADS" -c"$2" -d"$3"s --latency "${header[@]}" "$url")
  jit_after=$(jit_ns "${PID[$1]}")
  after=$(cpu_ticks "${PID[$1]}")
  local rps p50 p99 errors timeouts requests
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  errors=$(awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {
      for (i = 4; i <= NF - 2; i += 2) { v = $i; gsub(/,/, "", v); n += v } } END {print n + 0}' <<<"$out")
  timeouts=$(awk '/Socket errors:/ {print $NF + 0; found = 1} END {if (!found) print 0}' <<<"$out")
  local user_before system_before user_after system_after
  read -r user_before system_before <<<"$before"
  read -r user_after system_after <<<"$after"
  awk -v r="$rps" -v a="$p50" -v b="$p99" -v e="$errors" -v t="$timeouts" -v n="$requests" \
    -v user=$((user_after - user_before)) -v kernel=$((system_after - system_before)) -v us="$TICK_US" \
    -v jit=$((jit_after - jit_before)) \
    'BEGIN {
      per = (n > 0 ? us / n : 0)
      printf "%s %s %s %d %d %.2f %.2f %.2f %.0f\n", r, a, b, e, t, (user + kernel) * per, user * per, kernel * per,
        jit / 1e6 }'
}

median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

scenarios=()
IFS=, read -r -a conns <<<"$CONNECTIONS"
for c in "${conns[@]}"; do scenarios+=("keepalive:$c"); done
[ "$CLOSE" -eq 0 ] || scenarios+=("close:64")
[ "$TLS" -eq 0 ] || scenarios+=("tls-keepalive:64" "tls-close:64")

# Each proxy's peak resident set so far (VmHWM, MiB) after each step of the run, as a table row:
# which step raised the peak.
PEAK_STEPS=()
peak_step() {
  local row="| $1 |" t
  for t in "${proxies[@]}"; do row+=" $(($(rss_kb "${PID[$t]}" VmHWM) / 1024)) |"; done
  PEAK_STEPS+=("$row")
}
peak_step "start (first 200)"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
all_targets=(direct "${proxies[@]}")
# nginx and HAProxy have no JIT to wait for: their warm-up (pools, connections) is short.
NATIVE_WARMUP=$((WARMUP < 10 ? WARMUP : 10))
echo "Warming up (${WARMUP}s per JVM target, ${NATIVE_WARMUP}s for nginx and HAProxy, at ${conns[0]} connections: JIT, pools, connections)..."
for t in "${all_targets[@]}"; do
  w=$WARMUP
  case $t in direct | haproxy) w=$NATIVE_WARMUP ;; esac
  [ "$t" = ours-jdktls ] || run_wrk "$t" "${conns[0]}" "$w" 0 >/dev/null
  [ "$TLS" -eq 0 ] || [ "$t" = direct ] || run_wrk "$t" "${conns[0]}" "$w" 0 1 >/dev/null
done
peak_step "warm-up"

GOALS=()
REPORT=$WORK/report.txt
: >"$REPORT"
report() { echo "$*" >>"$REPORT"; }
for s in "${scenarios[@]}"; do
  mode=${s%%:*}
  c=${s#*:}
  close=0
  [ "${mode#tls-}" = keepalive ] || close=1
  tls=0
  [ "${mode#tls-}" = "$mode" ] || tls=1
  targets=()
  for t in "${all_targets[@]}"; do
    # The access log's price is measured once, in the first scenario.
    [ "$t" = ours-log ] && [ "$s" != "${scenarios[0]}" ] && continue
    # TLS is measured through the proxies (direct is nginx in plain HTTP), the JDK's TLS only there.
    [ "$tls" -eq 1 ] && { [ "$t" = direct ] || [ "$t" = ours-log ]; } && continue
    [ "$tls" -eq 0 ] && [ "$t" = ours-jdktls ] && continue
    targets+=("$t")
  done
  label="$c connections, keep-alive"
  [ "$close" -eq 0 ] || label="$c connections, a new connection per request (Connection: close)"
  [ "$tls" -eq 0 ] || label="$label, over TLS"
  echo
  echo "== $label =="
  declare -A RESULTS=()
  for round in $(seq 1 "$REPEATS"); do
    # Rotate the order each round so no target always runs first or last.
    shift_by=$(((round - 1) % ${#targets[@]}))
    order=("${targets[@]:$shift_by}" "${targets[@]:0:$shift_by}")
    for t in "${order[@]}"; do
      # An untimed run first: the target sat idle while the others ran, its clients' connections
      # are new, and a JVM recompiles code in the first seconds after such a pause
      # (docs/bench.md). That re-warm is real but not the steady state this compares.
      if [ "$REWARM" -gt 0 ]; then run_wrk "$t" "$c" "$REWARM" "$close" "$tls" >/dev/null; fi
      result=$(run_wrk "$t" "$c" "$DURATION" "$close" "$tls")
      RESULTS[$t]+="$result"$'\n'
      # shellcheck disable=SC2086 # the fields of the result
      printf "round %d  %-10s %9.0f req/s  p50 %7.3f ms  p99 %7.3f ms  errors %d  timeouts %d  %6.2f µs CPU/req (user %.2f + kernel %.2f)  JIT %d ms\n" \
        "$round" "$t" $result
    done
  done
  declare -A RPS=() P50=() P99=() ERR=() TMO=() CPU=() JIT=()
  for t in "${targets[@]}"; do
    RPS[$t]=$(awk 'NF {print $1}' <<<"${RESULTS[$t]}" | median)
    P50[$t]=$(awk 'NF {print $2}' <<<"${RESULTS[$t]}" | median)
    P99[$t]=$(awk 'NF {print $3}' <<<"${RESULTS[$t]}" | median)
    ERR[$t]=$(awk 'NF {n += $4} END {print n + 0}' <<<"${RESULTS[$t]}")
    TMO[$t]=$(awk 'NF {n += $5} END {print n + 0}' <<<"${RESULTS[$t]}")
    CPU[$t]=$(awk 'NF {print $6}' <<<"${RESULTS[$t]}" | median)
    JIT[$t]=$(awk 'NF {print $9}' <<<"${RESULTS[$t]}" | median)
  done
  report ""
  report "## $label"
  report ""
  report "| target | req/s | p50 ms | p99 ms | errors | timeouts | CPU µs/req | JIT ms | req/s / HAProxy | p99 / HAProxy | direct / target |"
  report "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  bound=()
  for t in "${targets[@]}"; do
    report "$(awk -v r="${RPS[$t]}" -v a="${P50[$t]}" -v b="${P99[$t]}" -v hr="${RPS[haproxy]}" \
      -v hb="${P99[haproxy]}" -v d="${RPS[direct]:-}" -v t="$t" -v e="${ERR[$t]}" -v o="${TMO[$t]}" \
      -v cpu="${CPU[$t]}" -v jit="${JIT[$t]}" 'BEGIN {
        ratios = (t == "direct") ? " | | |" : sprintf(" | %.2f | %.2f | %s |", r / hr, b / hb,
          d == "" ? "" : sprintf("%.2f", d / r));
        printf "| %s | %.0f | %.3f | %.3f | %d | %d | %.2f | %.0f%s", t, r, a, b, e, o, cpu, jit, ratios }')"
    if [ "$t" != direct ] && [ "$tls" -eq 0 ] \
      && awk -v d="${RPS[direct]}" -v r="${RPS[$t]}" 'BEGIN {exit !(d < 1.5 * r)}'; then
      bound+=("$t")
    fi
  done
  GOALS+=("$(awk -v r="${RPS[ours]}" -v hr="${RPS[haproxy]}" -v b="${P99[ours]}" -v hb="${P99[haproxy]}" \
    -v l="$label" 'BEGIN { ok = (r >= hr && b <= 1.5 * hb);
      printf "%s: ours/HAProxy req/s %.2f (>= 1.0), p99 %.2f (<= 1.5): %s", l, r / hr, b / hb,
        ok ? "met" : "NOT met" }')")
  if [ -n "${RPS[ours-jdktls]:-}" ]; then
    report ""
    report "JDK TLS / OpenSSL req/s: $(awk -v j="${RPS[ours-jdktls]}" -v o="${RPS[ours]}" \
      'BEGIN {printf "%.2f", j / o}') (our proxy: the TLS it uses where netty-tcnative does not load)"
  fi
  if [ -n "${RPS[ours-log]:-}" ]; then
    report ""
    report "access log on / off req/s: $(awk -v l="${RPS[ours-log]}" -v o="${RPS[ours]}" \
      'BEGIN {printf "%.2f", l / o}') (goal >= 0.90; $(wc -l <"$WORK/ours-log.log") lines written)"
  fi
  if [ ${#bound[@]} -gt 0 ]; then
    report ""
    report "WARNING: backend-bound: direct is less than 1.5x ${bound[*]}; this scenario measures the" \
      "backends and wrk (CPU $LOAD_CPUS) as much as the proxies."
  fi
  peak_step "$label"
done

for t in "${proxies[@]}"; do PEAK_RSS[$t]=$(rss_kb "${PID[$t]}" VmHWM); done

# ---- system calls per request -----------------------------------------------------------------
syscalls_per_request() { # target, close(0/1) -> "name count-per-request" lines, "total N" last
  local header=() trace="$WORK/strace-$1-$2.txt" tracer out requests task untraced=0 waited=0
  [ "$2" -eq 0 ] || header=(-H "Connection: close")
  strace -f -c -o "$trace" -p "${PID[$1]}" 2>"$trace.log" &
  tracer=$!
  # strace attaches to the threads one after another: the load starts once it traces every one
  for task in /proc/"${PID[$1]}"/task/*; do
    until [ "$(awk '$1 == "TracerPid:" {print $2}' "$task/status" 2>/dev/null || echo "$tracer")" = "$tracer" ]; do
      if ! kill -0 "$tracer" 2>/dev/null || [ "$waited" -ge 200 ]; then
        untraced=1
        break 2
      fi
      sleep 0.05
      waited=$((waited + 1))
    done
  done
  if [ "$untraced" -eq 1 ]; then
    kill "$tracer" 2>/dev/null || true
    wait "$tracer" 2>/dev/null || true
    echo "bench: $1: strace did not trace all its threads (it stopped, or took over 10 s); no count:" \
      "$(tail -n 1 "$trace.log")" >&2
    return 0
  fi
  out=$(taskset -c "$LOAD_CPUS" wrk -t"$WRK_THREADS" -c64 -d3s "${header[@]}" "http://${HOST[$1]}:${PORT[$1]}/") || true
  kill -INT "$tracer" 2>/dev/null || true
  wait "$tracer" 2>/dev/null || true
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  if [ -z "$requests" ] || [ "$requests" -eq 0 ]; then
    echo "bench: $1: wrk completed no request under strace" >&2
    return 0
  fi
  # strace -c: "% time  seconds  usecs/call  calls  [errors]  syscall"; calls is the 4th column.
  awk -v n="$requests" '$4 ~ /^[0-9]+$/ && $NF != "total" {
      printf "%s %.2f\n", $NF, $4 / n; total += $4 }
    END {printf "total %.2f\n", total / n}' "$trace"
}
if [ "$SYSCALLS" -eq 1 ]; then
  echo
  echo "Counting each proxy's system calls per request (strace -c -f)..."
  declare -A SYSCALL_COUNT=()
  syscall_names=()
  for close in 0 1; do
    for t in "${proxies[@]}"; do
      while read -r name per_request; do
        key="$close:$name"
        [ -n "${SYSCALL_COUNT[$key]+set}" ] || [ "$name" = total ] || syscall_names+=("$name")
        SYSCALL_COUNT[$key]="${SYSCALL_COUNT[$key]:-} $t=$per_request"
      done < <(syscalls_per_request "$t" "$close")
    done
  done
  readarray -t syscall_names < <(printf '%s\n' "${syscall_names[@]}" | sort -u)
  for close in 0 1; do
    report ""
    report "## System calls per request, 64 connections, $([ "$close" -eq 0 ] && echo keep-alive || echo 'Connection: close') (strace -c -f)"
    report ""
    report "| system call | $(printf '%s | ' "${proxies[@]}")"
    report "|---|$(printf -- '---:|%.0s' "${proxies[@]}")"
    for name in "${syscall_names[@]}" total; do
      row="| $name |"
      shown=0
      for t in "${proxies[@]}"; do
        value=$(tr ' ' '\n' <<<"${SYSCALL_COUNT[$close:$name]:-}" | awk -F= -v t="$t" '$1 == t {print $2}')
        row+=" ${value:--} |"
        # calls made less than once in 50 requests (timers, the JVM's housekeeping) are left out
        awk -v v="${value:-0}" 'BEGIN {exit !(v >= 0.02)}' && shown=1
      done
      [ "$shown" -eq 0 ] || report "$row"
    done
  done
fi

# ---- memory per idle connection ---------------------------------------------------------------
# N clients, opened one after another, each one request answered and then connected and silent, as browsers keep them.
# Prints "ready" once every answer is in, then holds the connections until stdin closes.
IDLE_CLIENTS='
import socket, sys
n, host, port = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
socks = []
for _ in range(n):  # one at a time: the proxy needs one backend connection, not n
    s = socket.create_connection((host, port))
    socks.append(s)
    s.sendall(b"GET / HTTP/1.1\r\nHost: bench\r\n\r\n")
    answer = b""
    while b"hello from backend" not in answer:
        chunk = s.recv(4096)
        if not chunk:
            sys.exit("a connection closed before its answer")
        answer += chunk
print("ready", flush=True)
sys.stdin.read()
'
declare -A IDLE_RSS_BEFORE=() IDLE_RSS_WITH=()
if [ "$IDLE" -gt 0 ]; then
  echo
  echo "Opening $IDLE idle keep-alive connections to each proxy in turn..."
  for t in "${proxies[@]}"; do
    IDLE_RSS_BEFORE[$t]=$(rss_kb "${PID[$t]}" VmRSS)
    coproc IDLERS { taskset -c "$LOAD_CPUS" python3 -c "$IDLE_CLIENTS" "$IDLE" "${HOST[$t]}" "${PORT[$t]}"; }
    if read -r -t 120 line <&"${IDLERS[0]}" && [ "$line" = ready ]; then
      IDLE_RSS_WITH[$t]=$(rss_kb "${PID[$t]}" VmRSS)
    else
      echo "bench: $t: $IDLE idle connections could not all be answered" >&2
    fi
    exec {IDLERS[1]}>&-
    wait "$IDLERS_PID" 2>/dev/null || true
  done
fi
report ""
report "## Start and memory"
report ""
report "| target | start to first proxied 200 ms | CPU ms used by then | idle RSS MiB | peak RSS MiB | RSS with $IDLE idle connections MiB | KiB per idle connection |"
report "|---|---:|---:|---:|---:|---:|---:|"
for t in "${proxies[@]}"; do
  per_conn="-"
  with="-"
  if [ -n "${IDLE_RSS_WITH[$t]:-}" ]; then
    with=$((IDLE_RSS_WITH[$t] / 1024))
    per_conn=$(awk -v a="${IDLE_RSS_WITH[$t]}" -v b="${IDLE_RSS_BEFORE[$t]}" -v n="$IDLE" \
      'BEGIN {printf "%.1f", (a - b) / n}')
  fi
  report "| $t | ${START_MS[$t]} | ${START_CPU[$t]} | $((IDLE_RSS[$t] / 1024)) | $((PEAK_RSS[$t] / 1024)) | $with | $per_conn |"
done
report ""
report "Peak RSS (VmHWM, MiB) after each step:"
report ""
report "| after | $(printf '%s | ' "${proxies[@]}")"
report "|---|$(printf -- '---:|%.0s' "${proxies[@]}")"
for row in "${PEAK_STEPS[@]}"; do report "$row"; done
report ""
report "## Goals (issue 17)"
report ""
for g in "${GOALS[@]}"; do report "- $g"; done
for t in ours ours-aot; do
  [ -n "${START_MS[$t]:-}" ] || continue
  report "- $(awk -v t="$t" -v s="${START_MS[$t]}" -v i="${IDLE_RSS[$t]}" -v p="${PEAK_RSS[$t]}" 'BEGIN {
    printf "%s: start to first 200 %d ms (<= 500): %s; idle RSS %d MiB (<= 64): %s; peak RSS %d MiB (<= 128): %s",
      t, s, (s <= 500 ? "met" : "NOT met"), i / 1024, (i <= 65536 ? "met" : "NOT met"), p / 1024,
      (p <= 131072 ? "met" : "NOT met") }')"
done

echo
echo "Machine: $NCPU CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(uname -sr);" \
  "load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Pinning: each proxy alone on CPU $PROXY_CPUS with one worker thread (one under load at a time);" \
  "wrk ($WRK_THREADS thread(s)) and nginx (one worker, three servers) on CPU(s) $LOAD_CPUS."
echo "Runs: $REPEATS round(s) of ${DURATION}s per target and scenario, interleaved, after ${WARMUP}s" \
  "of warm-up, each after an untimed ${REWARM}s re-warm; medians. $(haproxy -v | sed -n 1p | cut -d' ' -f1-3)."
for t in "${ours_targets[@]}"; do
  echo "$t: ${JAVA_BIN[$t]} ${JAVA_OPTS_OF[$t]} -jar ${JAR_OF[$t]:-$PROXY_JAR} ${ARGS_OF[$t]:+${ARGS_OF[$t]} }(JDK $("${JAVA_BIN[$t]}" -version 2>&1 \
    | awk -F'"' '/version/ {print $2}'), ${TRANSPORT_OF[$t]})$([ "${ACCESS_LOG_OF[$t]}" = true ] && echo ', access log on')"
done
cat "$REPORT"

for t in "${ours_targets[@]}"; do
  if grep -q -i -E 'exception|error' "$WORK/$t.log"; then
    echo "bench: $t logged errors; first lines:" >&2
    grep -i -E -m 5 'exception|error' "$WORK/$t.log" >&2
  fi
done

if [ "$PROFILE" -eq 1 ]; then
  "$(dirname "$(readlink -f "$(command -v "${JAVA_BIN[ours]}")")")/jcmd" "${PID[ours]}" JFR.dump \
    name=bench filename="$WORK/ours.jfr" >/dev/null
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
cp "$REPORT" /tmp/roundhouse-bench-report.md
echo "(tables kept in /tmp/roundhouse-bench-report.md)"
