#!/usr/bin/env bash
# Set up JKN Atlas from nothing: virtualenv, Python packages, front-end assets, reference geography.
#   bash tools/setup.sh            # uses ./.venv
# Environment: JKN_GEO_MIRROR (offline mirror base, e.g. file:///path/to/shared/upstream),
#              JKN_GEO_CACHE (download cache), PYTHON (interpreter to build the venv with).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating virtualenv $VENV"
  "$PYTHON" -m venv "$VENV"
fi
echo "== installing Python packages (requirements.txt)"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -r requirements.txt

if [ -f tools/install_assets.sh ]; then
  echo "== installing front-end assets (Leaflet etc.) for offline maps"
  VENV="$VENV" bash tools/install_assets.sh
fi

echo "== fetching and converting the reference geography"
"$VENV/bin/python" -m jkn_geo fetch --quiet
