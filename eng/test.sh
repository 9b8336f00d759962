#!/usr/bin/env bash
# Sets up what is missing (eng/setup.sh), then runs every test: unit, integration (real Redis 8 and PostgreSQL with
# pgvector, started by the tests themselves on free loopback ports) and end-to-end (the whole AppHost).
# Extra arguments go to dotnet test, for example: ./eng/test.sh --filter Category=Unit
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

./eng/setup.sh
dotnet test RedisAspire.sln "$@"
