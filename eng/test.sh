#!/usr/bin/env bash
# Sets up what is missing (eng/setup.sh), then runs every test: unit, integration (real Redis 8 and PostgreSQL with
# pgvector, started by the tests themselves on free loopback ports) and end-to-end (the whole AppHost).
# Extra arguments go to dotnet test, for example: ./eng/test.sh --filter Category=Unit
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

./eng/setup.sh
if [ -z "${REDISASPIRE_QUERY_ENGINE_REDIS:-}" ]; then
  echo "[test] REDISASPIRE_QUERY_ENGINE_REDIS is not set: the RediSearch integration tests will be reported as skipped." \
    "Set it to the connection string of a Redis with the query engine (a Redis 8 image, Redis Stack) to run them."
fi
dotnet test RedisAspire.sln "$@"
