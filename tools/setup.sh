#!/usr/bin/env bash
# Prepare this checkout to run the console (`tools/setup.sh`) or its tests (`tools/setup.sh test`).
# Installs the system parts Qt and the tests need (Debian/Ubuntu, when missing), creates .venv
# and installs the project into it from pyproject.toml. Safe to run again: it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}

pkgs=(fonts-nanum libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0
      libxcb-image0 libxcb-xinerama0 libglib2.0-0)
if [ "$mode" = test ]; then
  pkgs+=(xvfb xauth gnome-keyring dbus dbus-x11)
fi

if command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing system packages: ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "$mode" = test ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
else
  .venv/bin/python -m pip install -q -e .
fi
