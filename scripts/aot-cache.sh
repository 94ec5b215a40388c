#!/usr/bin/env bash
# Builds the proxy's class cache with a training run, so that it starts in less time: on JDK 25+
# an AOT cache (-XX:AOTCacheOutput: classes loaded and linked, method profiles), on older JDKs a
# dynamic CDS archive (-XX:ArchiveClassesAtExit, AppCDS). The training run starts the proxy with a
# config of its own, sends requests through its data path to its own admin server (so no backend
# is needed), reads /metrics, and stops it with SIGTERM; the JVM writes the cache as it exits.
#
#   scripts/aot-cache.sh                 # proxy/target/roundhouse-proxy.jar -> proxy/target/roundhouse-proxy.aot
#   scripts/aot-cache.sh --jar /app/roundhouse-proxy.jar --out /app/roundhouse-proxy.aot
#   scripts/aot-cache.sh --if-stale      # train only if the cache is missing or older than the jar
#                                        # (or than the options file)
#   scripts/aot-cache.sh --options /tmp/jvm.options   # the JVM options the proxy runs with
#
# The training run uses the JVM options the proxy will run with (--options FILE, read as
# java's @FILE; default proxy/jvm.options where it exists), so that the cache holds the classes
# those options load: SLF4J's provider, for one, decides which of logback's are.
#
# Then run the proxy with the option the script prints last: -XX:AOTCache=FILE (JDK 25+) or
# -XX:SharedArchiveFile=FILE (JDK 17-24). A cache only fits the JDK that wrote it and the same jar
# at the same path; a JVM given one that does not fit says so and starts without it.
# Needs only bash and java (no curl: it runs in the JRE image's build too). JAVA picks the java.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=proxy/target/roundhouse-proxy.jar
OUT=
JAVA=${JAVA:-java}
[ -z "${JAVA_HOME:-}" ] || [ "$JAVA" != java ] || JAVA=$JAVA_HOME/bin/java
FRONTEND_PORT=${AOT_TRAINING_PORT:-18979}
ADMIN_PORT=$((FRONTEND_PORT + 1))
REQUESTS=200
IF_STALE=0
OPTIONS=
[ ! -f proxy/jvm.options ] || OPTIONS=proxy/jvm.options
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) JAR=$2; shift ;;
    --out) OUT=$2; shift ;;
    --requests) REQUESTS=$2; shift ;;
    --if-stale) IF_STALE=1 ;;
    --options) OPTIONS=$2; shift ;;
    -h | --help) sed -n "2,20p" "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "aot-cache: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

die() {
  echo "aot-cache: $*" >&2
  exit 1
}
[ -f "$JAR" ] || die "no jar at $JAR (build it first: make build)"
JAR=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")

feature=$("$JAVA" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print v[1]; exit}')
[ -n "$feature" ] || die "cannot tell the version of $JAVA"
if [ "$feature" -ge 25 ]; then
  OUT=${OUT:-${JAR%.jar}.aot}
  write=(-XX:AOTCacheOutput="$OUT")
  use="-XX:AOTCache=$OUT"
else
  OUT=${OUT:-${JAR%.jar}.jsa}
  write=(-XX:ArchiveClassesAtExit="$OUT")
  use="-XX:SharedArchiveFile=$OUT"
fi

if [ "$IF_STALE" -eq 1 ] && [ -s "$OUT" ] && [ "$OUT" -nt "$JAR" ] \
  && { [ -z "$OPTIONS" ] || [ "$OUT" -nt "$OPTIONS" ]; }; then
  echo "aot-cache: $OUT is newer than the jar${OPTIONS:+ and $OPTIONS}; run java with:"
  echo "$use"
  exit 0
fi

WORK=$(mktemp -d /tmp/roundhouse-aot.XXXXXX)
pid=
cleanup() {
  [ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

cat >"$WORK/training.yaml" <<EOF
frontends:
  - port: $FRONTEND_PORT
backends:
  - "http://127.0.0.1:$ADMIN_PORT"
algorithm: round-robin
healthcheck:
  path: /healthz
logging:
  accessLog: true
metrics:
  port: $ADMIN_PORT
EOF

# One HTTP/1.1 request over bash's /dev/tcp; prints the status code (empty if none came).
status() { # port, path
  local line=""
  if exec 3<>"/dev/tcp/127.0.0.1/$1"; then
    printf 'GET %s HTTP/1.1\r\nHost: training\r\nConnection: close\r\n\r\n' "$2" >&3
    IFS= read -r -t 5 line <&3 || true
    cat <&3 >/dev/null || true
    exec 3<&-
  fi 2>/dev/null
  line=${line#HTTP/1.? }
  echo "${line%% *}"
}

rm -f "$OUT"
options=()
if [ -n "$OPTIONS" ]; then
  [ -f "$OPTIONS" ] || die "no JVM options file at $OPTIONS"
  options=("@$OPTIONS")
fi
"$JAVA" "${options[@]}" "${write[@]}" -jar "$JAR" --config "$WORK/training.yaml" >"$WORK/training.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  [ "$(status "$FRONTEND_PORT" /healthz)" = 200 ] && break
  kill -0 "$pid" 2>/dev/null || die "the training run exited:
$(tail -n 20 "$WORK/training.log")"
  sleep 0.1
done
[ "$(status "$FRONTEND_PORT" /healthz)" = 200 ] \
  || die "the training run did not proxy a request within 60 s:
$(tail -n 20 "$WORK/training.log")"
for _ in $(seq 1 "$REQUESTS"); do status "$FRONTEND_PORT" /healthz >/dev/null; done
status "$FRONTEND_PORT" /no-such-page >/dev/null
status "$ADMIN_PORT" /metrics >/dev/null
kill -TERM "$pid"
wait "$pid" || die "the training run did not exit cleanly:
$(tail -n 20 "$WORK/training.log")"
pid=
[ -s "$OUT" ] || die "the JVM wrote no cache to $OUT:
$(tail -n 20 "$WORK/training.log")"
chmod 644 "$OUT"
echo "aot-cache: wrote $OUT ($(du -h "$OUT" | cut -f1), JDK $feature); run java with:"
echo "$use"
