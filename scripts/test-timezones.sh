#!/usr/bin/env bash
# Re-runs the core, SQLite and FHIR store suites of scripts/test.sh's build (no rebuild) with the host clock in a
# zone west and one east of UTC: instants labelled UTC, leases and messages must not depend on the host's zone.
# Usage: scripts/test-timezones.sh [extra ctest arguments]   (BUILD_DIR: the build to reuse, default build/test)
set -euo pipefail
cd "$(dirname "$0")/.."

build=${BUILD_DIR:-build/test}
[[ -f $build/CTestTestfile.cmake ]] || { echo "test-timezones: no build in $build; run scripts/test.sh first" >&2; exit 1; }

for zone in America/New_York Asia/Tokyo; do
  # Without its tzdata file glibc silently uses UTC, and this run would prove nothing.
  if [[ $(TZ=$zone date -d '2026-01-15 12:00Z' +%z) == +0000 ]]; then
    echo "test-timezones: the C library does not know $zone (install tzdata)" >&2
    exit 1
  fi
  echo "== TZ=$zone"
  start=$SECONDS
  # fhir_store_tests.lock_in_<zone> already set TZ themselves. The FHIR server fixture starts with the suite.
  TZ=$zone ctest --test-dir "$build" --output-on-failure --no-tests=error -j"$(nproc)" \
    -R '^(core_test|sqlite_[a-z_]+_test|fhir_store_tests)\.' -E '\.lock_in_' "$@"
  echo "== TZ=$zone: $((SECONDS - start)) s"
done
