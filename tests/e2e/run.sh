#!/usr/bin/env bash
# Runs the WebDriver end-to-end suite. Call it inside `dbus-run-session --`
# (scripts/test.sh does). Needs: a debug build, Xvfb, gnome-keyring,
# WebKitWebDriver, dunst and xdotool (scripts/install-deps.sh installs them).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
export E2E_ARTIFACTS="${E2E_ARTIFACTS:-$ROOT/artifacts/e2e}"
rm -rf "$E2E_ARTIFACTS"; mkdir -p "$E2E_ARTIFACTS/screenshots"
E2E_TMP="$(mktemp -d)"  # the app's data and, when started here, the keychain's files; removed at the end
export FLEXUS_DATA_DIR="$E2E_TMP/data"
export E2E_APP="${E2E_APP:-$ROOT/target/debug/flexus-desk}"  # (a copy elsewhere lets two suites run side by side)
export LANG=en_US.UTF-8

# A real Secret Service keychain, fresh and unlocked, for this D-Bus session
# (scripts/test.sh starts one for the whole session; reuse it then).
if [ -z "${GNOME_KEYRING_CONTROL:-}" ]; then
  export XDG_DATA_HOME="$E2E_TMP/keyring"
  mkdir -p "$XDG_DATA_HOME"
  eval "$(printf 'e2e-pass' | gnome-keyring-daemon --unlock --components=secrets --daemonize)"
  export GNOME_KEYRING_CONTROL
fi

# A display no other suite on this machine uses (two can run side by side).
for _ in $(seq 20); do N=$((90 + RANDOM % 30)); [ -e "/tmp/.X11-unix/X$N" ] || break; done
DISPLAY_NUM=:$N
Xvfb "$DISPLAY_NUM" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
export DISPLAY=$DISPLAY_NUM
for _ in $(seq 100); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

# A real notification server on this session bus (clicked with dunstctl), and a
# record of every desktop notification call on the bus.
dunst -config "$ROOT/tests/e2e/dunstrc" > "$E2E_ARTIFACTS/dunst.log" 2>&1 &
DUNST=$!
for _ in $(seq 50); do dunstctl is-paused >/dev/null 2>&1 && break; sleep 0.1; done
dbus-monitor --session "interface='org.freedesktop.Notifications'" > "$E2E_ARTIFACTS/dbus-notifications.log" 2>&1 &
MON=$!

# A standalone simulator for the "connect an account" journey.
"$ROOT/target/debug/flexus" sim --op-delay-ms 800 > "$E2E_ARTIFACTS/sim.json" 2> "$E2E_ARTIFACTS/sim.log" &
SIM=$!
for _ in $(seq 50); do grep -q '"note"' "$E2E_ARTIFACTS/sim.json" 2>/dev/null && break; sleep 0.1; done
export E2E_SIM="$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["endpoints"]))' "$E2E_ARTIFACTS/sim.json")"
export E2E_SIM_ADMIN_TOKEN="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["admin_token"])' "$E2E_ARTIFACTS/sim.json")"
export FLEXUS_ENDPOINTS="$(python3 -c 'import json,os; e=json.loads(os.environ["E2E_SIM"]); print(",".join(f"{s}={e[k]}" for s,k in [("iam","iam"),("rms","rms"),("hcss","hcss"),("bss","bss-intl"),("ecs","ecs"),("ces","ces")]))')"

# "Open console" hands its URL to the desktop's xdg-open: a stub first on PATH records
# what would have opened (journeys_features.py checks the host).
mkdir -p "$E2E_ARTIFACTS/bin"
cat > "$E2E_ARTIFACTS/bin/xdg-open" <<STUB
#!/bin/sh
printf '%s\n' "\$1" >> "$E2E_ARTIFACTS/opened-urls.log"
STUB
chmod +x "$E2E_ARTIFACTS/bin/xdg-open"
export PATH="$E2E_ARTIFACTS/bin:$PATH"

# E2E_PORT lets two suites run side by side on one machine. The harness starts the app
# with WebKit's remote inspector on E2E_PORT+1, and WebKitWebDriver connects each session
# there (--target), so a session can end and a new one attach while the app lives on.
export E2E_PORT="${E2E_PORT:-4444}"
export E2E_INSPECTOR="127.0.0.1:$((E2E_PORT + 1))"
WebKitWebDriver --port="$E2E_PORT" --target="$E2E_INSPECTOR" > "$E2E_ARTIFACTS/webdriver.log" 2>&1 &
DRV=$!
cleanup() { kill "$DRV" "$SIM" "$MON" "$DUNST" "$XVFB" 2>/dev/null || true; pkill -f "^$E2E_APP( |$)" 2>/dev/null || true; pkill -f "^$(dirname "$E2E_APP")/flexus-tray " 2>/dev/null || true; rm -rf "$E2E_TMP"; }
trap cleanup EXIT
for _ in $(seq 100); do python3 -c 'import urllib.request; import os; urllib.request.urlopen("http://127.0.0.1:%s/status" % os.environ["E2E_PORT"], timeout=1)' 2>/dev/null && break; sleep 0.1; done

cd "$ROOT/tests/e2e"
python3 test_app.py 2>&1 | tee "$E2E_ARTIFACTS/e2e.log"
exit "${PIPESTATUS[0]}"
