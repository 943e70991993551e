"""Put this folder on PYTHONPATH to run ``streamlit run app.py`` with the test stand-in for the
data layer (tests/fakes.py) — for the end-to-end test and the benchmark when the real data
layer cannot open a store. Never used by the app itself.
"""
import sys
from pathlib import Path

_TESTS = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(_TESTS))
sys.path.insert(0, str(_TESTS.parent))
try:
    import fakes

    fakes.install()
except Exception as e:  # pragma: no cover - visible in the server log
    print(f"fakeboot: could not install the fake data layer: {e}", file=sys.stderr)
