#!/usr/bin/env bash
# Builds the Linux installers (.deb and .rpm) with the Tauri CLI, which comes
# prebuilt from the npm registry (@tauri-apps/cli). With --check it also installs
# the .deb (`apt install ./x.deb`, needs root), starts the installed binary in demo
# mode under Xvfb, and reports the package sizes.
# AppImage, .msi/.exe and .dmg are built by .github/workflows/release.yml.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
TOOLS="$ROOT/target/tools"
TAURI_CLI_VERSION=2.12.5
if [ ! -x "$TOOLS/node_modules/.bin/tauri" ]; then
  npm install --prefix "$TOOLS" --no-audit --no-fund --silent "@tauri-apps/cli@$TAURI_CLI_VERSION"
fi
# The tray agent goes into both packages beside the app (tauri.conf.json, bundle.linux).
cargo build --release -p flexus-tray
"$TOOLS/node_modules/.bin/tauri" build --bundles deb,rpm
DEB=$(ls -t target/release/bundle/deb/*.deb | head -1)
RPM=$(ls -t target/release/bundle/rpm/*.rpm | head -1)
printf 'package sizes: deb %s bytes (%s), rpm %s bytes (%s)\n' "$(stat -c %s "$DEB")" "$DEB" "$(stat -c %s "$RPM")" "$RPM"
[ "${1:-}" = "--check" ] || exit 0

# A check that cannot run fails: a skipped check would read as a passed one.
if [ "$(id -u)" -ne 0 ]; then echo "--check installs the .deb and needs root" >&2; exit 1; fi
for tool in Xvfb import dbus-run-session apt-get; do
  command -v "$tool" >/dev/null || { echo "--check needs $tool (scripts/install-deps.sh installs it)" >&2; exit 1; }
done
dpkg-deb --info "$DEB" | sed -n '/Package:/,/Description:/p'
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "./$DEB" >/dev/null
test -x /usr/bin/flexus-desk
# The tray agent the window process hands over to, and no WebKit in it.
test -x /usr/bin/flexus-tray
if ldd /usr/bin/flexus-tray | grep -q webkit; then echo "the tray agent links WebKit"; exit 1; fi
test -f /usr/share/applications/*lexus*esk*.desktop
ART="$ROOT/artifacts/package"; mkdir -p "$ART"
DATA="$(mktemp -d)"
trap 'rm -rf "$DATA"' EXIT
# Pretend the user chose the demo, so the in-process simulated cloud starts.
printf '{"settings":{"onboarded":true,"active_profile":"Demo"}}' > "$DATA/settings.json"
dbus-run-session -- bash -euo pipefail -c '
  D=:$((80 + RANDOM % 9)); Xvfb $D -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & X=$!
  export DISPLAY=$D FLEXUS_DATA_DIR="'"$DATA"'"
  /usr/bin/flexus-desk >"'"$ART"'/installed-app.log" 2>&1 & A=$!
  for _ in $(seq 100); do [ -s "$FLEXUS_DATA_DIR/demo-admin.url" ] && break; sleep 0.2; done
  sleep 2
  import -window root "'"$ART"'/installed-app.png"
  kill -0 $A
  ok=0; [ -s "$FLEXUS_DATA_DIR/demo-admin.url" ] && ok=1
  # Closing the window hands the tray to the installed agent, and the window process exits.
  python3 -c "import sys; sys.path.insert(0, \"tests/e2e\"); import x11; [x11.close(w) for w in x11.visible_windows(\"Flexus Desk\")]"
  agent=0
  for _ in $(seq 100); do
    if pgrep -f "^/usr/bin/flexus-tray " >/dev/null && ! kill -0 $A 2>/dev/null; then agent=1; break; fi
    sleep 0.2
  done
  pkill -f "^/usr/bin/flexus-tray " || true
  kill $A $X 2>/dev/null || true
  [ $ok = 1 ] || { echo "the installed app did not start its demo cloud"; exit 1; }
  [ $agent = 1 ] || { echo "closing the installed window did not hand the tray to the agent"; exit 1; }
'
echo "installed .deb starts in demo mode and hands the tray to its agent: ok"
