#!/usr/bin/env bash
# Install the Debian packages hotspot needs to build and test. Idempotent: safe to rerun;
# it installs only what is missing, so a second run costs a few seconds.
set -euo pipefail

PKGS=(
  build-essential cmake pkg-config
  libgdal-dev gdal-bin libproj-dev proj-bin proj-data libgeos-dev
  libboost-dev catch2 libcli11-dev libfmt-dev nlohmann-json3-dev libtoml11-dev
  libtbb-dev libcairo2-dev libkissfft-dev fonts-dejavu-core python3-gdal libssl-dev
  libosmium2-dev libprotozero-dev libexpat1-dev libbz2-dev zlib1g-dev clang-format
  libglpk-dev
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: all packages present" >&2
fi

# The web map's library (Leaflet, from npm).
bash "$(dirname "${BASH_SOURCE[0]}")/setup-web.sh"
