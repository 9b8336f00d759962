#!/usr/bin/env bash
# Runs the cache benchmarks against a throw-away Redis 8 on 127.0.0.1 (no persistence, stopped at the end):
#   ./eng/benchmark.sh                      both suites: the hit path (BenchmarkDotNet, default job), then the stampede
#   ./eng/benchmark.sh --job short          the hit path only, with these BenchmarkDotNet arguments
#   ./eng/benchmark.sh --stampede           the stampede suite only
#   ./eng/benchmark.sh --vectors            the vector search suite only (Vector Sets on this Redis 8; RediSearch too when
#                                           REDISASPIRE_QUERY_ENGINE_REDIS names a loopback Redis with the query engine);
#                                           --sizes 2000,5000 and --seconds N after it narrow or lengthen the run
#   ./eng/benchmark.sh --replay             the two-tier retrieval replay: 80,000 documents in a throw-away PostgreSQL 17 +
#                                           pgvector, 2,000 hot in this Redis (and in RediSearch as above); --hot 2000,10000,
#                                           --queries N (per day), --exponents 1.0,1.2, --k 5 and --tolerance 0.005 adjust it;
#                                           --policies MostAsked,Newest compares hot-set policies, --recent makes the newest
#                                           documents the most asked, --documents N shrinks the corpus
#   ./eng/benchmark.sh --answers            the answer replay: a bot's questions (several per document, several wordings
#                                           each) through /ask's services with no answer cache, the exact cache, and the
#                                           exact and semantic caches, beside PostgreSQL alone; --queries N (per day),
#                                           --exponents, --first-time 0.1, --semantic-thresholds 0.1,0.15, --engines RediSearch
#                                           (with the RediSearch server above), as --replay otherwise
#   ./eng/benchmark.sh --load               load and soak: the Api and the Worker (Release) over a throw-away Redis and
#                                           PostgreSQL, mixed traffic at --clients 1,8,32 for --seconds 60 each beside a
#                                           raw StackExchange.Redis floor and redis-benchmark, then --soak-minutes 10
#   ./eng/benchmark.sh --ingest             ingestion throughput: pages of the PostgreSQL manual through the pipeline into a
#                                           throw-away PostgreSQL and this Redis, then again unchanged; --documents N pages
#   ./eng/benchmark.sh --reembed            re-embedding throughput: the same pages ingested with all-MiniLM-L6-v2, then
#                                           re-embedded with snowflake-arctic-embed-xs while searches run; --documents N
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

pg_pid=""
pg_data=""
stop_postgres() {
  if [ -n "$pg_pid" ] && kill -0 "$pg_pid" 2>/dev/null; then
    kill -INT "$pg_pid" 2>/dev/null || true
    wait "$pg_pid" 2>/dev/null || true
  fi
  if [ -n "$pg_data" ]; then rm -rf "$pg_data"; fi
}
trap 'stop_server; stop_postgres' EXIT

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

# A throw-away PostgreSQL 17 + pgvector from the servers root on a free port: trust authentication on 127.0.0.1 only,
# no fsync (nothing here outlives the run), and memory sized for an 80,000-vector HNSW index.
start_postgres() {
  [ -x "$root/usr/lib/postgresql/17/bin/postgres" ] || die "no PostgreSQL 17 in $root: run ./eng/setup.sh"
  pg_data="$(mktemp -d "$root/tmp/redisaspire-benchmark-pg.XXXXXX")"
  local inside="/tmp/$(basename "$pg_data")" pg_port="" candidate pg_log
  chroot "$root" chown postgres:postgres "$inside"
  chroot --userspec=postgres:postgres "$root" /usr/lib/postgresql/17/bin/initdb -D "$inside" -U postgres --auth=trust \
    --encoding=UTF8 --no-locale --no-instructions >/dev/null
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 20000))
    if ! port_in_use "$candidate"; then pg_port=$candidate; break; fi
  done
  [ -n "$pg_port" ] || die "no free port found on 127.0.0.1 for PostgreSQL"
  pg_log="$(mktemp /tmp/redisaspire-benchmark-pg.XXXXXX.log)"
  chroot --userspec=postgres:postgres "$root" /usr/lib/postgresql/17/bin/postgres -D "$inside" -p "$pg_port" \
    -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off -c shared_buffers=1GB \
    -c maintenance_work_mem=1GB >"$pg_log" 2>&1 &
  pg_pid=$!
  for _ in $(seq 1 100); do
    port_in_use "$pg_port" && break
    kill -0 "$pg_pid" 2>/dev/null || { cat "$pg_log" >&2; die "postgres exited at start"; }
    sleep 0.1
  done
  port_in_use "$pg_port" || { cat "$pg_log" >&2; die "PostgreSQL did not listen on 127.0.0.1:$pg_port within 10 s"; }
  say "PostgreSQL on 127.0.0.1:$pg_port (pid $pg_pid, log $pg_log)"
  export REDISASPIRE_BENCHMARK_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
}

run_replay() {
  # The replay's second manual; the first (the PostgreSQL manual) comes with ./eng/setup.sh.
  if [ ! -d /usr/share/doc/python3.11/html ]; then
    say "apt-get install python3.11-doc"
    env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3.11-doc >/dev/null \
      || die "apt-get install python3.11-doc failed"
  fi
  start_postgres
  # The first run embeds 80,000 passages (cached in BenchmarkDotNet.Artifacts/vectors/), which takes about 15 minutes.
  timeout 120m dotnet run -c Release --project Benchmarks -- "$@" </dev/null
}

run_ingest() {
  start_postgres
  timeout 60m dotnet run -c Release --project Benchmarks -- "$@" </dev/null
}

run_load() {
  start_postgres
  say "building the Api and the Worker (Release)"
  dotnet build -c Release -v q -nologo Api/Api.csproj >/dev/null || die "the Api did not build"
  dotnet build -c Release -v q -nologo Worker/Worker.csproj >/dev/null || die "the Worker did not build"
  # The floor of the floor: redis-benchmark on the same Redis, 1,600-byte values (an embedding's size), 32 clients.
  local floor; floor="$(mktemp /tmp/redisaspire-benchmark-floor.XXXXXX.txt)"
  local tool=(redis-benchmark)
  command -v redis-benchmark >/dev/null || tool=(chroot "$root" /usr/bin/redis-benchmark)
  "${tool[@]}" -h 127.0.0.1 -p "$port" -t set,get -n 200000 -c 32 -d 1600 -q 2>&1 | tr '\r' '\n' | grep 'requests per second' >"$floor" \
    || die "redis-benchmark failed"
  say "redis-benchmark: $(tr '\n' ' ' <"$floor")"
  export REDISASPIRE_BENCHMARK_REDIS_BENCHMARK="$floor" REDISASPIRE_BENCHMARK_REDIS_PID="$server_pid" REDISASPIRE_BENCHMARK_POSTGRES_PID="$pg_pid"
  timeout 60m dotnet run -c Release --project Benchmarks -- "$@" </dev/null
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
elif [[ " $* " == *" --replay "* || " $* " == *" --answers "* ]]; then
  run_replay "$@"
elif [[ " $* " == *" --load "* ]]; then
  run_load "$@"
elif [[ " $* " == *" --ingest "* || " $* " == *" --reembed "* ]]; then
  run_ingest "$@"
else
  run_hit_path "$@"
fi
