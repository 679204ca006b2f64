#!/usr/bin/env bash
# Install a built Linux bundle for the current user (no root needed):
#
#   bash packaging/linux/install.sh [BUNDLE_DIR]      (default: dist/sens-console)
#
# Copies the bundle to ~/.local/opt/sens-console, links ~/.local/bin/sens-console, and adds
# the desktop entry, the icons (hicolor theme) and the AppStream metadata, so the console
# shows up in the desktop's application menu. Run it again to update; remove those paths
# to uninstall.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bundle="${1:-$root/dist/sens-console}"
id=io.github.sens_console.SensConsole
data="${XDG_DATA_HOME:-$HOME/.local/share}"
target="$HOME/.local/opt/sens-console"

[ -x "$bundle/sens-console" ] || { echo "no bundle at $bundle: run packaging/build.sh" >&2; exit 1; }
rm -rf "$target"
mkdir -p "$target" "$HOME/.local/bin" "$data/applications" "$data/metainfo"
cp -a "$bundle/." "$target/"
ln -sf "$target/sens-console" "$HOME/.local/bin/sens-console"
sed "s|^Exec=.*|Exec=$target/sens-console|" "$here/$id.desktop" > "$data/applications/$id.desktop"
cp "$here/$id.metainfo.xml" "$data/metainfo/"
for size in 16 24 32 48 64 128 256 512; do
  dir="$data/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir"
  cp "$root/resources/icons/app/sens-console-$size.png" "$dir/$id.png"
done
mkdir -p "$data/icons/hicolor/scalable/apps"
cp "$root/resources/icons/app/sens-console.svg" "$data/icons/hicolor/scalable/apps/$id.svg"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "installed to $target (menu entry: SENS Console)"
