#!/usr/bin/env bash
# Installs what the recorder needs for the given browsers, if missing:
# Debian's packages (through sudo when not root) and, from npm,
# playwright-core and ws (package-lock.json). Never a downloaded browser.
#
#   bash tests/browsers/setup.sh chromium [firefox] [webkit]
set -euo pipefail
cd "$(dirname "$0")"

packages=()
for browser in "$@"; do
  case "$browser" in
    chromium) packages+=(chromium) ;;
    firefox) packages+=(firefox-esr) ;;
    webkit) packages+=(webkit2gtk-driver libwebkit2gtk-4.1-0 xvfb xauth) ;;
    *) echo "setup.sh: unknown browser '$browser' (chromium, firefox, webkit)" >&2; exit 2 ;;
  esac
done
missing=()
for pkg in "${packages[@]}"; do
  [[ "$(dpkg -s "$pkg" 2>/dev/null)" == *"Status: install ok installed"* ]] ||
    missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup.sh: installing ${missing[*]}" >&2
  sudo=()
  ((EUID == 0)) || sudo=(sudo)
  "${sudo[@]}" apt-get update -q >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/ws ]; then
  timeout 300 npm ci --no-audit --no-fund >&2
fi
