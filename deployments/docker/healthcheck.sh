#!/usr/bin/env bash
# Container health check that needs neither curl nor wget (the JRE base image may have neither):
# one HTTP/1.0 GET over bash's /dev/tcp; healthy when the status line says 2xx.
#
# usage: roundhouse-healthcheck [PORT] [PATH] [TIMEOUT_SECONDS]   (defaults: 9090 /healthz 2)
#
# Exit 0 when healthy; 1 when the port refuses, the status is not 2xx, or no status line arrives
# within the timeout (a hung admin server must read as unhealthy, not hang the check).
set -euo pipefail

port="${1:-9090}"
path="${2:-/healthz}"
timeout="${3:-2}"

if ! exec 3<>"/dev/tcp/127.0.0.1/${port}"; then
  echo "unhealthy: nothing listens on 127.0.0.1:${port}" >&2
  exit 1
fi
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3

status=""
if ! IFS= read -r -t "$timeout" status <&3; then
  echo "unhealthy: no answer from 127.0.0.1:${port}${path} within ${timeout}s" >&2
  exit 1
fi
exec 3<&-

if [[ "$status" =~ ^HTTP/1\.[01]\ 2[0-9][0-9] ]]; then
  exit 0
fi
echo "unhealthy: GET ${path} answered: ${status%$'\r'}" >&2
exit 1
