#!/usr/bin/env bash
# Sets up what is missing (eng/setup.sh), then runs the whole app: the AppHost starts Redis, PostgreSQL, the Api, the
# Worker and the Web dashboard, and prints the Aspire dashboard's login URL. Ctrl+C stops everything.
# Extra arguments go to the AppHost, for example: ./eng/run.sh RunMode=executables
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

./eng/setup.sh
exec dotnet run --project AppHost -- "$@"
