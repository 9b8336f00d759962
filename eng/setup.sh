#!/usr/bin/env bash
# Installs what RedisAspire needs on a Debian or Ubuntu machine, and nothing that is already there:
#   - Redis >= 8 (Vector Sets built in) and PostgreSQL with pgvector >= 0.5,
#   - Chromium (browser tests of the dashboard),
#   - the PostgreSQL manual's HTML pages (real text for the vector recall tests).
# When the host's own redis-server/postgres are too old (Debian 12 ships Redis 7 and no pgvector), the servers are
# installed into a minimal Debian 13 root filesystem (debootstrap) and run from it with chroot. Nothing on the host
# is upgraded. A second run on a ready machine returns in about a second.
set -euo pipefail

root="${REDISASPIRE_SERVERS_ROOT:-/opt/redisaspire/servers}"
suite="${REDISASPIRE_SERVERS_SUITE:-trixie}"
mirror="${REDISASPIRE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "run as root or install sudo"
  sudo="sudo"
fi
command -v apt-get >/dev/null || die "this script needs a Debian or Ubuntu machine (apt-get not found)"

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    say "apt-get update"
    # Third-party sources that cannot be reached must not stop the install of Debian's own packages.
    $sudo apt-get update -qq >/dev/null 2>&1 || true
    apt_updated=1
  fi
  say "apt-get install $*"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/tmp/redisaspire-apt.log 2>&1 \
    || { tail -n 20 /tmp/redisaspire-apt.log >&2; die "apt-get install $* failed"; }
}

redis_major() { "$@" --version 2>/dev/null | sed -n 's/.*v=\([0-9]*\)\..*/\1/p'; }

servers_root_ready() { [ -f "$root/.redisaspire-ready" ]; }

host_servers_ready() {
  command -v redis-server >/dev/null || return 1
  local major; major=$(redis_major redis-server)
  [ -n "$major" ] && [ "$major" -ge 8 ] || return 1
  command -v pg_config >/dev/null || return 1
  [ -f "$(pg_config --sharedir)/extension/vector.control" ]
}

build_servers_root() {
  command -v debootstrap >/dev/null || apt_install debootstrap
  local partial="$root.partial"
  $sudo rm -rf "$partial"
  $sudo mkdir -p "$partial"
  say "building a minimal Debian $suite root in $root (about a minute, once)"
  local log="$root.setup.log"
  $sudo debootstrap --variant=minbase "$suite" "$partial" "$mirror" >"$log" 2>&1 \
    || { tail -n 20 "$log" >&2; die "debootstrap $suite failed (is $mirror reachable?); full log: $log"; }
  # Package scripts must not start services, and PostgreSQL clusters are created by RedisAspire itself.
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$partial/usr/sbin/policy-rc.d" >/dev/null
  $sudo chmod +x "$partial/usr/sbin/policy-rc.d"
  $sudo mkdir -p "$partial/etc/postgresql-common"
  echo "create_main_cluster = false" | $sudo tee "$partial/etc/postgresql-common/createcluster.conf" >/dev/null
  local in_root=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive)
  $sudo chroot "$partial" "${in_root[@]}" apt-get update -qq >>"$log" 2>&1 \
    || { tail -n 20 "$log" >&2; die "apt-get update inside $partial failed; full log: $log"; }
  $sudo chroot "$partial" "${in_root[@]}" apt-get install -y -qq --no-install-recommends \
    redis-server postgresql-17 postgresql-17-pgvector >>"$log" 2>&1 \
    || { tail -n 20 "$log" >&2; die "installing the servers inside $partial failed; full log: $log"; }
  $sudo chroot "$partial" "${in_root[@]}" apt-get clean
  $sudo touch "$partial/.redisaspire-ready"
  $sudo rm -rf "$root"
  $sudo mv "$partial" "$root"
}

exec 9>"/tmp/redisaspire-setup.lock"
flock 9

if host_servers_ready; then
  say "Redis $(redis_major redis-server).x and PostgreSQL with pgvector found on this machine"
elif servers_root_ready; then
  say "Redis 8 and PostgreSQL 17 + pgvector ready in $root"
else
  build_servers_root
  say "Redis 8 and PostgreSQL 17 + pgvector installed in $root"
fi

# The browser tests launch this very path.
if [ -x /usr/bin/chromium ]; then
  say "Chromium found"
else
  apt_install chromium
fi

# Real text for the vector recall tests: the PostgreSQL manual's HTML pages.
if ls -d /usr/share/doc/postgresql-doc-*/html >/dev/null 2>&1; then
  say "PostgreSQL manual (test corpus) found"
else
  apt_install postgresql-doc
fi

command -v dotnet >/dev/null || die "the .NET SDK is missing: install .NET SDK 10 (https://dot.net) and run this again"
say "ready"
