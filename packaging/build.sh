#!/usr/bin/env bash
# Build the desktop app (PyInstaller one-folder bundle) on Linux or macOS.
#
#   bash packaging/build.sh [--dist DIR] [--work DIR] [--clean] [--self-test]
#
# Output: DIR/sens-console/sens-console (default DIR: dist/), on macOS also
# "DIR/SENS Console.app". --self-test runs the built app's offscreen self-test afterwards
# (exit code 0 only if it passed). Installs PyInstaller from the project's `packaging`
# extra when the venv lacks it. Prints build time and bundle size.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
dist=dist
work=build/pyinstaller
clean=()
selftest=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) dist=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --clean) clean=(--clean); shift ;;
    --self-test) selftest=1; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

if ! "$PY" -c "import PyInstaller" >/dev/null 2>&1; then
  echo "== installing PyInstaller (the project's 'packaging' extra)"
  "$PY" -m pip install -q -e ".[packaging]"
fi
# The icon set is committed; regenerate it only when it is missing.
[ -f resources/icons/app/sens-console-256.png ] || "$PY" packaging/make_icons.py

echo "== pyinstaller -> $dist/sens-console"
start=$(date +%s)
"$PY" -m PyInstaller --noconfirm "${clean[@]}" --log-level WARN \
  --distpath "$dist" --workpath "$work" packaging/sens-console.spec
seconds=$(( $(date +%s) - start ))
bundle="$dist/sens-console"
size=$(du -sh "$bundle" | cut -f1)
echo "built $bundle in ${seconds} s; size $size ($(find "$bundle" -type f | wc -l) files)"

if [ "$selftest" = 1 ]; then
  echo "== $bundle/sens-console --self-test"
  "$bundle/sens-console" --self-test
fi
