#!/usr/bin/env bash
# Runs the cache benchmarks against a throw-away Redis 8 on 127.0.0.1 (no persistence, stopped at the end):
#   ./eng/benchmark.sh                      both suites: the hit path (BenchmarkDotNet, default job), then the stampede
#   ./eng/benchmark.sh --job short          the hit path only, with these BenchmarkDotNet arguments
#   ./eng/benchmark.sh --stampede           the stampede suite only
#   ./eng/benchmark.sh --vectors            the vector search suite only (Vector Sets on this Redis 8; RediSearch too when
#                                           REDISASPIRE_QUERY_ENGINE_REDIS names a loopback Redis with the query engine);
#                                           --sizes 2000,5000 and --seconds N after it narrow or lengthen the run
# Results: BenchmarkDotNet.Artifacts/results/ (git-ignored). docs/benchmarks.md says what the numbers mean.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { printf '[benchmark] %s\n' "$*"; }
die() { printf '[benchmark] error: %s\n' "$*" >&2; exit 1; }

./eng/setup.sh

root="${REDISASPIRE_SERVERS_ROOT:-/opt/redisaspire/servers}"
redis_major() { "$@" --version 2>/dev/null | sed -n 's/.*v=\([0-9]*\)\..*/\1/p'; }

# The same choice as the AppHost's: the host's redis-server if it is Redis 8 or later, else the servers root's.
if command -v redis-server >/dev/null && [ "$(redis_major redis-server || true)" -ge 8 ] 2>/dev/null; then
  server=(redis-server)
elif [ -x "$root/usr/bin/redis-server" ]; then
  user=()
  if [ "$(id -u)" -eq 0 ] && grep -q '^redis:' "$root/etc/passwd"; then user=(--userspec=redis:redis); fi
  server=(chroot "${user[@]}" "$root" /usr/bin/redis-server)
else
  die "no Redis 8 found (neither redis-server on PATH nor $root/usr/bin/redis-server): run ./eng/setup.sh"
fi
say "server: $("${server[@]}" --version)"

# Answers PING on the port? Bash's /dev/tcp, so no redis-cli is needed.
ping_redis() {
  local reply
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'PING\r\n' >&3
  read -r -t 2 reply <&3 || true
  exec 3<&- 3>&-
  [ "${reply%$'\r'}" = "+PONG" ]
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 20000))
  if ! port_in_use "$candidate"; then port=$candidate; break; fi
done
[ -n "$port" ] || die "no free port found on 127.0.0.1"

log="$(mktemp /tmp/redisaspire-benchmark-redis.XXXXXX.log)"
"${server[@]}" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no --dir /tmp >"$log" 2>&1 &
server_pid=$!
stop_server() {
  if kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap stop_server EXIT

for _ in $(seq 1 100); do
  ping_redis "$port" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; die "redis-server exited at start"; }
  sleep 0.1
done
ping_redis "$port" 2>/dev/null || { cat "$log" >&2; die "redis-server did not answer PING on 127.0.0.1:$port within 10 s"; }
say "Redis on 127.0.0.1:$port (pid $server_pid, log $log)"
export REDISASPIRE_BENCHMARK_REDIS="127.0.0.1:$port"

run_hit_path() {
  local marker; marker="$(mktemp)"
  # Bounded: BenchmarkDotNet's default job takes about 10 minutes for this suite on 2 cores.
  timeout 45m dotnet run -c Release --project Benchmarks -- "$@" </dev/null
  # A build that BenchmarkDotNet refuses (Debug) prints a warning, runs nothing and exits 0: check for the report.
  local report
  report="$(find BenchmarkDotNet.Artifacts/results -name '*-report-github.md' -newer "$marker" 2>/dev/null | head -n 1)"
  rm -f "$marker"
  [ -n "$report" ] || die "BenchmarkDotNet wrote no report: nothing was measured"
  say "report: $report"
}

run_vectors() {
  # The first run embeds 51,000 passages (cached in BenchmarkDotNet.Artifacts/vectors/), which can take 15-45 minutes.
  timeout 90m dotnet run -c Release --project Benchmarks -- "$@" </dev/null
}

run_stampede() {
  timeout 20m dotnet run -c Release --project Benchmarks -- --stampede </dev/null
}

if [ "$#" -eq 0 ]; then
  run_hit_path
  run_stampede
elif [[ " $* " == *" --stampede "* ]]; then
  run_stampede
elif [[ " $* " == *" --vectors "* ]]; then
  run_vectors "$@"
else
  run_hit_path "$@"
fi
