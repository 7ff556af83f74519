#!/usr/bin/env bash
# Installs what Concord needs on a fresh Debian machine: C libraries, peer tools used as test
# oracles, benchmarks and fixture generators, and a Python venv (.venv) with the oracles from PyPI.
# Idempotent: installs only what is missing. Run as root (or with sudo available).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  zlib1g-dev libsqlite3-dev libxml2-dev libssl-dev
  libturbojpeg0-dev libopenjp2-7-dev libcharls-dev
  libopenjph-dev
  dcmtk libdcmtk-dev python3-venv time
  libopenjp2-tools openjph-tools libgdcm-tools
  python3-cryptography
)
# Benchmark peers too heavy for every CI run: `make bench-ingest` sets CONCORD_BENCH=1.
if [ "${CONCORD_BENCH:-0}" = 1 ]; then APT_PACKAGES+=(orthanc curl); fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

VENV=${VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
  echo "creating Python venv $VENV" >&2
  python3 -m venv "$VENV"
fi
# Reinstall only when the pinned requirements changed since the last install.
stamp="$VENV/.requirements-test.sha256"
want=$(sha256sum scripts/requirements-test.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "installing Python test oracles into $VENV" >&2
  "$VENV/bin/pip" install -q -r scripts/requirements-test.txt
  echo "$want" > "$stamp"
fi
