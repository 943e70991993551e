"""Import JKN tables (CSV or XLSX) as they really come, with row-level validation.

::

    from jkn_geo.figures.store import open_store
    from jkn_geo.figures.importer import import_file, validate
    rep = import_file(open_store(), "kepesertaan_juli.xlsx", name="BPJS Juli 2025")
    print(rep.summary())           # one line
    for issue in rep.errors: print(issue)   # "Baris 7, kolom 'Aktif' (nilai '-3'): ..."

What is read
------------
* CSV with comma, semicolon or tab; UTF-8 with or without BOM, else cp1252. XLSX: the
  first sheet or a named one (an unknown name is an error listing the sheets).
* The header is the first of the first ten rows whose cells name a region column and a
  figure column; title rows above it are skipped. Row numbers in messages are the rows as
  the user sees them in the file (header = row 1 when it is the first line).
* Columns in Indonesian or English (see :data:`jkn_geo.figures.parsing.FIELDS`); segment columns
  (``pbi_apbn``, ``peserta_pbpu``, ``aktif_ppu`` ...) become rows of that segment.
* Numbers and periods as in :mod:`jkn_geo.figures.parsing`; spreadsheet cells formatted as percent
  (0,9705) are read as 97,05.
* Regions by code (``18.71`` / ``1871``) or by name through the registry's name matching
  (a ``provinsi`` column beside a ``kabupaten`` column narrows the search).

Kinds of file (``kind=``, CLI ``--kind``)
----------------------------------------
* ``official`` (default): the wide table below, all or nothing. A table of region, year or
  semester and population alone is stored as a dataset of kind ``population``.
* ``published``: a long table, one row per published figure (:mod:`.long_table`); rows with
  a structural error are refused and listed, the good rows are stored with their statements.

"Indonesia", "nasional" or code ``ID`` is the national region (level ``national``, code
``ID``) in both kinds. A year-only period ("2024", "tahun 2024", "akhir 2024") is a yearly
figure (``YYYY-01``, ``period_kind`` ``year``) with a warning. Active ÷ population columns
("cakupan aktif", "peserta aktif terhadap penduduk" …), unregistered ("belum terdaftar")
and people to enrol ("perlu didaftarkan (98%)") are read; a header may declare its
definition in brackets: "keaktifan (aktif/penduduk)".

Validation
----------
Errors (nothing is stored when there is one): empty file, no recognisable header, missing
region/period/figure columns, wrong sheet, unknown or ambiguous region, unreadable number
or period, negative count, fractional count, active > registered, inactive > registered,
registered more than 1,5 × the population, activity % above 100, duplicate region + period
(+ segment), period in the future, a taken dataset name.

Warnings (stored with the data): coverage above 100 %, a region matched only by a close
spelling, a name that does not fit its code, active + inactive ≠ registered, a percentage
that does not match its counts, rows without any figure (skipped), unknown columns
(ignored), total rows (skipped).

Each import is one transaction in the store: stored whole or not at all.

Limits (hostile or broken files)
--------------------------------
A file larger than :data:`MAX_UPLOAD_BYTES`, an XLSX whose parts unpack to more than
:data:`MAX_XLSX_UNPACKED_BYTES` (checked from the zip directory before anything is unpacked;
a part that unpacks to more than it declares fails its checksum), more than :data:`MAX_ROWS`
rows with content, or a cell beyond column :data:`MAX_COLUMNS` is refused with a message.
Random bytes, truncated or damaged XLSX files, unbalanced CSV quotes and formulas without a
stored result end in a message naming the row and column where possible; invisible
characters (zero-width spaces, bidi controls, control characters) are removed and full-width
digits and special spaces folded before reading. Whatever happens, the report says what went
wrong and nothing is stored: :func:`import_file` does not raise for a bad file.
:func:`check_upload` runs the size checks alone, for an upload form, before anything opens
the file.

Modules: :mod:`.reading` (bytes, limits, CSV/XLSX rows), :mod:`.upload` (checks, sheets and
preview for an upload form), :mod:`.rows` (header and data rows), :mod:`.values`,
:mod:`.regions` and :mod:`.checks` (one cell, the region, the checks within a record),
:mod:`.report` (:class:`Issue`, :class:`ImportReport`), :mod:`.messages` (the texts),
:mod:`.options` (:class:`ImportOptions`) and :mod:`.run` (:func:`validate`, :func:`import_file`).
"""
from __future__ import annotations

from jkn_geo.config import (
                            MAX_COLUMNS,
                            MAX_HEADER_SCAN,
                            MAX_LINES,
                            MAX_NAME_CHARS,
                            MAX_ROWS,
                            MAX_UPLOAD_BYTES,
                            MAX_XLSX_PART_BYTES,
                            MAX_XLSX_PARTS,
                            MAX_XLSX_UNPACKED_BYTES,
)
from jkn_geo.figures.importer.checks import FAR_ABOVE_POPULATION, PCT_TOLERANCE
from jkn_geo.figures.importer.options import ImportOptions
from jkn_geo.figures.importer.report import ImportReport, Issue
from jkn_geo.figures.importer.rows import TOTAL_WORDS
from jkn_geo.figures.importer.run import default_name, import_file, validate
from jkn_geo.figures.importer.upload import check_upload, preview, sheet_names

__all__ = ["Issue", "ImportReport", "ImportOptions", "import_file", "validate", "default_name", "check_upload",
           "preview", "sheet_names", "MAX_UPLOAD_BYTES", "MAX_XLSX_UNPACKED_BYTES", "MAX_XLSX_PART_BYTES",
           "MAX_XLSX_PARTS", "MAX_ROWS", "MAX_LINES", "MAX_COLUMNS", "MAX_HEADER_SCAN", "MAX_NAME_CHARS",
           "FAR_ABOVE_POPULATION", "PCT_TOLERANCE", "TOTAL_WORDS"]
