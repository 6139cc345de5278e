#!/usr/bin/env bash
# Builds and starts Flexus Desk. With no account connected it opens in demo mode
# (a simulated cloud in-process: nothing is charged, no keys needed).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cargo build --release --bin flexus-desk
exec target/release/flexus-desk "$@"
