#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing: librdkafka for the Kafka test broker, Chromium.
set -euo pipefail
missing=()
dpkg -s librdkafka-dev >/dev/null 2>&1 || missing+=(librdkafka-dev)
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
# Chromium for the tests that open the report (and later the dashboard) in a real browser.
[ -x /usr/bin/chromium ] || missing+=(chromium)
# psql, pg_dump and pg_restore: `pantau backup` / `restore` in real mode and the tests that use them.
command -v pg_dump >/dev/null 2>&1 || missing+=(postgresql-client)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${missing[*]} (install them with: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "installing Debian packages: ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
