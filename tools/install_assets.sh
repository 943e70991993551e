#!/usr/bin/env bash
# Fetch the map's front-end assets (Leaflet, pinned + integrity-checked) from the npm
# registry into static/ (git-ignored). Needs npm. Usage: bash tools/install_assets.sh [--force]
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON_ASSETS:-}"
if [ -z "$PY" ]; then
  if [ -x "${VENV:-.venv}/bin/python" ]; then PY="${VENV:-.venv}/bin/python"; else PY=python3; fi
fi
exec "$PY" -m jkn_geo.render.assets install "$@"
