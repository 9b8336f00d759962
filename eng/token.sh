#!/bin/sh
# Prints a development token of the running app's Api (POST /dev/token), and nothing else, for curl and the like:
#   TOKEN=$(./eng/token.sh --tenant harbor-bistro)
#   curl -H "Authorization: Bearer $TOKEN" ...
# Options:
#   --tenant NAME   a tenant whose data the token may use (repeat for several)
#   --admin         the admin role: operations on every tenant (rebuilds, re-embedding, eviction, imports, dead letters)
#   --hours N       how long the token lasts, 1 to 24 (the Api's default: 8)
#   --api URL       the Api (default: $REDISASPIRE_API, else http://localhost:5180)
# The Api issues these only in Development, with the key the AppHost makes at each start (./eng/run.sh): a token
# stops working when the AppHost restarts.
set -eu

api="${REDISASPIRE_API:-http://localhost:5180}"
tenants=""
admin=false
hours=""

die() { printf 'token.sh: %s\n' "$*" >&2; exit 1; }

# A JSON string: backslashes and quotes escaped (the Api checks what a tenant name may contain).
json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --tenant) [ $# -ge 2 ] || die "--tenant needs a name"; tenants="${tenants:+$tenants,}$(json_string "$2")"; shift 2 ;;
    --tenant=*) tenants="${tenants:+$tenants,}$(json_string "${1#--tenant=}")"; shift ;;
    --admin) admin=true; shift ;;
    --hours) [ $# -ge 2 ] || die "--hours needs a number"; hours="$2"; shift 2 ;;
    --api) [ $# -ge 2 ] || die "--api needs a URL"; api="$2"; shift 2 ;;
    --api=*) api="${1#--api=}"; shift ;;
    -h|--help) sed -n '2,12s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

[ -n "$tenants" ] || [ "$admin" = true ] || die "name at least one --tenant, or ask for --admin (see --help)"
case "$hours" in
  ''|*[!0-9]*) [ -z "$hours" ] || die "--hours needs a whole number of hours" ;;
esac
command -v curl >/dev/null 2>&1 || die "curl is needed: apt-get install curl"

request="{\"tenants\":[$tenants],\"admin\":$admin${hours:+,\"hours\":$hours}}"
body="$(mktemp)"
trap 'rm -f "$body" "$body.err"' EXIT

if ! status="$(curl -sS -o "$body" -w '%{http_code}' --max-time 30 -X POST "${api%/}/dev/token" \
  -H 'content-type: application/json' -d "$request" 2>"$body.err")"; then
  reason="$(cat "$body.err")"
  die "the Api at $api is not reachable ($reason). Is the app running (./eng/run.sh)?"
fi

case "$status" in
  200)
    # {"token":"…","expiresAt":"…"}: a JWT holds no quotes or backslashes.
    token="$(sed -n 's/.*"token"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$body")"
    [ -n "$token" ] || die "the Api answered 200 without a token: $(cat "$body")"
    printf '%s\n' "$token"
    ;;
  404)
    die "the Api at $api has no /dev/token: it issues development tokens only in Development, run through the AppHost (./eng/run.sh)."
    ;;
  *)
    printf 'token.sh: POST %s/dev/token answered %s:\n' "${api%/}" "$status" >&2
    if command -v python3 >/dev/null 2>&1 && python3 -m json.tool "$body" >&2 2>/dev/null; then :; else cat "$body" >&2; printf '\n' >&2; fi
    exit 1
    ;;
esac
