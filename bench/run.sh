#!/usr/bin/env bash
# Flexus Desk benchmarks: prints the figures the README's Performance section
# quotes (refresh vs sequential baseline under injected latency, signing vs the
# official Python SDK, start-up, memory, 1,000-row UI, installer size).
# Usage: bench/run.sh   (builds release binaries; installs the Python SDK in a venv)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
scripts/install-deps.sh
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $(date -u +%Y-%m-%d)"
cargo build --release -p flexus-core --example bench_refresh --bin flexus -q
# The release app from scripts/build-packages.sh is reused when present.
[ -x target/release/flexus-desk ] || cargo build --release --bin flexus-desk -q

echo; echo "## Dashboard refresh (6 regions, simulated cloud, per-request latency r)"
target/release/examples/bench_refresh | tee target/bench-refresh.txt

echo; echo "## Signing, official Python SDK (same request)"
VENV="$ROOT/target/bench-venv"
[ -x "$VENV/bin/python" ] || { python3 -m venv "$VENV"; "$VENV/bin/pip" install -q huaweicloudsdkcore; }
"$VENV/bin/python" bench/sign_python.py 20000 | tee target/bench-sign-py.txt
if [ "$(grep -o 'Signature=[0-9a-f]*' target/bench-refresh.txt)" = "$(grep -o 'Signature=[0-9a-f]*' target/bench-sign-py.txt)" ]; then
  echo "Rust and Python signatures agree"
else
  echo "SIGNATURES DIFFER"; exit 1
fi

echo; echo "## App in the real window (Xvfb, release build)"
dbus-run-session -- bash -euo pipefail -c '
  D=:$((70 + RANDOM % 9)); Xvfb $D -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & X=$!
  export DISPLAY=$D BENCH_APP="'"$ROOT"'/target/release/flexus-desk"
  python3 bench/bench_app.py "$(mktemp -d)" > target/bench-app.json
  kill $X || true
'
python3 - <<'PY'
import json
r = json.load(open("target/bench-app.json"))
print("| run | instances (rows in DOM) | start → page script (ms) | start → dashboard painted (ms) | RSS app+WebKit (MB) | PSS (MB) | render 1,000 rows (ms) | filter 1,000 rows (ms) | sort (ms) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for i, x in enumerate(r):
    name = ["demo, first start", "demo, second start", "1,000 instances"][i]
    f = x.get("filter_ms")
    print(f"| {name} | {x['rows']} ({x['rows_in_dom']}) | {x['script_ms']} | {x['startup_ms']} | {x['rss_mb']} | {x['pss_mb']} | {x.get('render_ms', 0):.1f} | {f[0] if f else 0:.1f} | {x.get('sort_ms', 0):.1f} |")
PY
DEB=$(ls -t target/release/bundle/deb/*.deb 2>/dev/null | head -1 || true)
if [ -n "$DEB" ]; then echo; echo "installer: $(basename "$DEB") $(du -k "$DEB" | cut -f1) KiB"; else echo "installer: run scripts/build-packages.sh first"; fi
