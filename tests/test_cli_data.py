"""``python -m jkn_geo import|datasets|indicators`` (called in-process)."""
import io

import pandas as pd
import pytest

from jkn_geo.cli import main
from jkn_geo.figures.store import DEMO_DATASET, PUBLISHED_DATASET
from tests.conftest import FIXTURES


@pytest.fixture()
def db(tmp_db, registry):
    return tmp_db


def test_import_ok_prints_one_line(db, capsys):
    rc = main(["import", str(FIXTURES / "import" / "cp1252_comma.csv"), "--name", "bpjs-juli"])
    out = capsys.readouterr().out.strip().splitlines()
    assert rc == 0 and len(out) == 1 and "bpjs-juli" in out[0]


def test_import_error_exit_and_report(db, tmp_path, capsys):
    p = tmp_path / "bad.csv"
    p.write_text("kode;periode;peserta;aktif\n18.04;2025-07;1.000;-1\n18.05;2025-07;1.000;2.000\n")
    rc = main(["import", str(p), "--lang", "en"])
    err = capsys.readouterr().err
    assert rc == 1
    assert "Row 2, column 'aktif'" in err and "Row 3, column 'aktif'" in err and "Not stored" in err
    main(["datasets"])
    assert "bad" not in capsys.readouterr().out


def test_datasets_lists_shipped(db, capsys):
    assert main(["datasets", "--format", "csv"]) == 0
    df = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert {PUBLISHED_DATASET, DEMO_DATASET} <= set(df.name)
    assert {"kind", "source", "period_min", "period_max", "rows", "is_synthetic"} <= set(df.columns)
    main(["datasets"])
    assert "SYNTHETIC" in capsys.readouterr().out


def test_indicators_csv(db, capsys):
    rc = main(["indicators", "--dataset", DEMO_DATASET, "--level", "regency", "--within", "18",
               "--period", "2026-10", "--format", "csv"])
    out = capsys.readouterr().out
    assert rc == 0 and out.startswith("# SINTETIS / SYNTHETIC")
    df = pd.read_csv(io.StringIO(out), comment="#", dtype={"code": str})
    assert len(df) == 15 and set(df.period) == {"2026-10"} and df.synthetic.all()
    for col in ("code", "name", "population", "registered", "active", "coverage_pct", "activity_pct",
                "active_coverage_pct", "unregistered", "inactive", "to_enrol", "to_activate", "gap_cost_rp", "status"):
        assert col in df.columns


def test_indicators_table_and_targets(db, capsys):
    assert main(["indicators", "--dataset", PUBLISHED_DATASET, "--level", "regency", "--only-data",
                 "--coverage-target", "98.6", "--period", "2025-05"]) == 0
    out = capsys.readouterr().out
    assert "Kabupaten Ogan Komering Ulu Timur" in out and "98,23 %" in out and "98,6 %" in out
    assert "2.578" in out          # to enrol in OKU Timur for 98,6 %
    assert main(["indicators", "--dataset", "nope", "--level", "province"]) == 2
    assert main(["indicators", "--dataset", DEMO_DATASET, "--level", "province", "--within", "99"]) == 2


def test_consistency_and_template(db, tmp_path, capsys):
    assert main(["consistency", "--strict"]) == 1
    assert "Bengkulu" in capsys.readouterr().out
    out = tmp_path / "t.xlsx"
    assert main(["template", str(out), "--within", "18"]) == 0 and out.exists()


def test_texts_catalogue_lists_bilingual_texts_once():
    import csv
    import io
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "jkn_geo", "texts"], capture_output=True, text=True, check=True,
                         cwd=str(__import__("pathlib").Path(__file__).resolve().parents[1]))
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert {"module", "name", "id", "en"} <= set(rows[0])
    pairs = [(r["id"], r["en"]) for r in rows]
    assert len(pairs) == len(set(pairs)) > 100
    assert any(r["module"] == "jkn_geo.config" and r["name"].startswith("LEVEL_LABELS") and r["id"] == "Provinsi"
               for r in rows)
    assert any(r["module"].startswith("jkn_geo.figures.importer") for r in rows)
    assert "streamlit" not in out.stderr.lower()
