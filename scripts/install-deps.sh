#!/usr/bin/env bash
# Installs the Debian 12 packages migrate needs, skipping what is already there (idempotent).
# Usage: scripts/install-deps.sh [demo|all]   (demo: just enough to build the SQLite demo)
set -euo pipefail

profile=${1:-all}
packages=(cmake g++ make libboost1.81-dev libfmt-dev libsqlite3-dev)
if [[ $profile == all ]]; then
  packages+=(catch2 libboost-json1.81-dev libssl-dev libpq-dev postgresql-15 python3)
  # The FHIR test server runs on Node.js; the image ships one, Debian's is the fallback.
  command -v node >/dev/null 2>&1 || packages+=(nodejs)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: run as root (or install sudo)" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
