"""The shipped generic templates are exactly what :func:`generic_template_frame` describes."""
import io

import pandas as pd

from jkn_geo.figures import templates as T


def test_shipped_csv_template_is_the_generic_frame():
    assert (T.TEMPLATE_DIR / "template_jkn.csv").read_bytes() == T.to_csv_bytes(T.generic_template_frame())


def test_shipped_xlsx_template_is_the_generic_frame():
    want = T.generic_template_frame()
    got = pd.read_excel(io.BytesIO((T.TEMPLATE_DIR / "template_jkn.xlsx").read_bytes()), sheet_name="data", dtype=str)
    assert got.columns.tolist() == want.columns.tolist()
    assert got.fillna("").equals(want.astype(object).where(want.notna(), "").astype(str))
