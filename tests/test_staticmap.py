"""Static slide images: open the PNG/SVG/PDF and check size, text and labels."""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from jkn_geo.render import staticmap as sm
from jkn_geo.render.export import ExportMeta


@pytest.fixture(scope="module")
def lampung_table(built, registry):
    codes = [r.code for r in registry.children("18")]
    vals = np.linspace(85.0, 99.5, len(codes))
    vals[0] = np.nan                                   # one region without data
    return pd.DataFrame({"code": codes, "name": [registry.name(c) for c in codes], "coverage_pct": vals})


def _meta(**kw):
    d = dict(title="t", dataset="demo", source="Generator demo", period="2025-07", kind="demo", within="Lampung")
    d.update(kw)
    return ExportMeta(**d)


def test_png_is_a_16_9_slide(lampung_table):
    png = sm.choropleth_image(lampung_table, "regency", "coverage_pct", _meta(), within="18", target=98.0)
    im = Image.open(io.BytesIO(png))
    assert im.format == "PNG"
    assert im.size[0] >= 1920 and abs(im.size[0] / im.size[1] - 16 / 9) < 0.01
    px = np.asarray(im.convert("RGB")).reshape(-1, 3)
    # the synthetic badge (#B00020) and the "meets target" class colour are both drawn
    assert (np.abs(px.astype(int) - [0xB0, 0x00, 0x20]).sum(axis=1) < 30).sum() > 500
    assert len({tuple(p) for p in px[::97]}) > 8


def test_svg_has_title_period_legend_target_source_and_synthetic(lampung_table):
    svg = sm.choropleth_image(lampung_table, "regency", "coverage_pct", _meta(), within="18", target=98.0,
                              target_label="Target RPJMN: 98 %", fmt_="svg").decode("utf-8")
    for text in ("Cakupan kepesertaan", "Juli 2025", "Lampung", "≥ 98 % (target)", "Target RPJMN: 98 %",
                 "tidak ada data  (1)", "Sumber: Generator demo", "DATA SINTETIS", "Cahya DSN"):
        assert text in svg, text


def test_not_synthetic_has_no_label(lampung_table):
    svg = sm.choropleth_image(lampung_table, "regency", "coverage_pct", _meta(kind="imported", source="Dinkes"),
                              within="18", target=98.0, fmt_="svg").decode("utf-8")
    assert "SINTETIS" not in svg and "Sumber: Dinkes" in svg


def test_legend_counts_match_classes(lampung_table):
    cls = sm.default_classes("coverage_pct", lampung_table["coverage_pct"], coverage_target=98.0)
    idx = cls.index(lampung_table["coverage_pct"].to_numpy())
    assert (idx == -1).sum() == 1
    assert cls.index(np.array([98.0]))[0] == len(cls.colors) - 1          # 98 exactly meets the target
    assert cls.index(np.array([97.99]))[0] == len(cls.colors) - 2
    svg = sm.choropleth_image(lampung_table, "regency", "coverage_pct", _meta(), within="18", target=98.0,
                              fmt_="svg").decode()
    n_target = int((idx == len(cls.colors) - 1).sum())
    assert f"≥ 98 % (target)  ({n_target})" in svg


def test_pdf(lampung_table):
    pdf = sm.choropleth_image(lampung_table, "regency", "coverage_pct", _meta(), within="18", fmt_="pdf")
    assert pdf.startswith(b"%PDF")


def test_bad_format(lampung_table):
    with pytest.raises(ValueError):
        sm.choropleth_image(lampung_table, "regency", "coverage_pct", _meta(), within="18", fmt_="gif")


def test_trend_png_and_svg():
    rows = [dict(code=c, name=n, period=f"2024-{m:02d}", coverage_pct=90 + m * 0.5 + i)
            for i, (c, n) in enumerate([("18", "Lampung"), ("17", "Bengkulu")]) for m in range(1, 13)]
    df = pd.DataFrame(rows)
    meta = _meta(period="Jan 2024 – Des 2024", within=None)
    png = sm.trend_image(df, "coverage_pct", meta, targets=[(98.0, "Target RPJMN 98 %")])
    im = Image.open(io.BytesIO(png))
    assert im.size[0] >= 1920 and abs(im.size[0] / im.size[1] - 16 / 9) < 0.01
    svg = sm.trend_image(df, "coverage_pct", meta, targets=[(98.0, "Target RPJMN 98 %")], fmt_="svg").decode()
    for text in ("Lampung", "Bengkulu", "Target RPJMN 98 %", "Jan 2024", "DATA SINTETIS", "96 %"):
        assert text in svg, text
