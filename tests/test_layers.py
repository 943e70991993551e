"""The layer contract (tools/check_layers.py) holds for the package, and catches a planted
upward import, a planted cycle and streamlit outside the UI. Also: modules stay small and
browser code lives in .js files."""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import check_layers  # noqa: E402

PKG = ROOT / "jkn_geo"


def test_package_keeps_the_layer_contract():
    assert check_layers.check(PKG) == []


def test_the_checker_sees_the_real_edges():
    mods = check_layers._modules(PKG)
    name = "jkn_geo.figures.shipped"
    targets = {t for t, _ in check_layers._imports(name, mods[name], set(mods))}
    assert {"jkn_geo.figures.store", "jkn_geo.figures.published", "jkn_geo.config"} <= targets


@pytest.fixture()
def copy(tmp_path):
    dst = tmp_path / "jkn_geo"
    shutil.copytree(PKG, dst, ignore=shutil.ignore_patterns("__pycache__", "*.js"))
    return dst


def _plant(path: Path, line: str, inside_function: bool = False):
    src = path.read_text()
    if inside_function:
        src += f"\n\ndef _planted():\n    {line}\n"
    else:
        src = line + "\n" + src
    path.write_text(src)


def test_planted_upward_import_fails(copy):
    _plant(copy / "geography" / "registry.py", "from jkn_geo.analysis import indicators", inside_function=True)
    problems = check_layers.check(copy)
    assert any("registry.py" in p and "jkn_geo.analysis.indicators" in p and "down the pipeline" in p
               for p in problems), problems


def test_planted_cycle_fails(copy):
    _plant(copy / "figures" / "consistency.py", "from jkn_geo.figures import shipped", inside_function=True)
    problems = check_layers.check(copy)
    assert any(p.startswith("import cycle:") and "jkn_geo.figures.consistency" in p for p in problems), problems


def test_ui_and_cli_do_not_import_each_other(copy):
    _plant(copy / "cli" / "data.py", "from jkn_geo.ui import widgets", inside_function=True)
    assert any("cli/data.py" in p for p in check_layers.check(copy))


def test_streamlit_only_in_ui(copy):
    _plant(copy / "render" / "export.py", "import streamlit as st", inside_function=True)
    assert any("imports streamlit" in p for p in check_layers.check(copy))


def test_command_line_exit_code(copy, capsys):
    assert check_layers.main([str(PKG)]) == 0
    _plant(copy / "config.py", "from jkn_geo.render import export", inside_function=True)
    assert check_layers.main([str(copy)]) == 1
    assert "violation" in capsys.readouterr().out


def test_modules_stay_small_and_browser_code_lives_in_js_files():
    """No module of the package is over 500 lines; no Python string holds a browser program."""
    for f in PKG.rglob("*.py"):
        n = len(f.read_text(encoding="utf-8").splitlines())
        assert n <= 500, f"{f.relative_to(ROOT)} has {n} lines"
        src = f.read_text(encoding="utf-8")
        assert not re.search(r"function\s*\(|=>\s*\{|addEventListener|document\.querySelector", src), f
