#!/usr/bin/env bash
# Re-take the guides' pictures from the demo's HTML transcript, in English and Spanish:
# docs/images/<shot>.<lang>.png for every shot listed in bot/demo/shots.py.
# Needs `make install` and Chromium (Debian: apt-get install chromium fonts-lato
# fonts-noto-color-emoji; .ci/run installs them). Run it again whenever a message changes.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for lang in en es; do
  echo "playing the demo in $lang and taking its pictures"
  .venv/bin/balance-bot demo --lang "$lang" --out "$work/$lang" --screenshots >/dev/null
  for shot in "$work/$lang"/screenshots/*.png; do
    cp "$shot" "docs/images/$(basename "$shot" .png).$lang.png"
  done
done
ls -l docs/images/*.png
