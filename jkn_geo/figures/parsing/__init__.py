"""Reading numbers, periods and column names as Indonesian tables write them.

Numbers (:func:`parse_number`)::

    "1.234.567"  → 1234567      (dots group thousands)
    "97,05"      → 97.05        (comma is the decimal mark)
    "97,05%"     → 97.05        ("%" / "persen" are dropped; the value stays in percent)
    "6,3 juta"   → 6300000      (ribu/rb, juta/jt, miliar/milyar/M, triliun/T)
    "1,234,567.89" / "97.05"    English style is understood too: when both marks occur the
                                last one is the decimal mark; a single dot followed by exactly
                                three digits groups thousands ("1.234" → 1234), otherwise it
                                is a decimal point ("97.05").
    "", "-", "n/a", "tidak ada" → None (missing)

Periods (:func:`parse_period`) all become ``"YYYY-MM"``::

    "2025-07", "2025/07", "202507", "07/2025", "Juli 2025", "Jul 2025", "Jul-25",
    "July 2025", "01/07/2025" (day/month/year), "1 Juli 2025", "per 1 Juli 2025",
    "2025-07-01", a date/datetime object (from a spreadsheet cell)

Column names (:func:`map_columns`) in Indonesian or English with common variants map to the
canonical fields in :data:`FIELDS`.
"""
from __future__ import annotations

from jkn_geo.config import MAX_VALUE_CHARS
from jkn_geo.figures.parsing.cells import ParseError, clean_text, has_invisible, is_missing_text
from jkn_geo.figures.parsing.columns import (
                                             DEFINITION_WORDS,
    FIELD_OF_DEFINITION,
    FIELDS,
                                             LEVEL_HINT_FROM_HEADER,
                                             LEVEL_WORDS,
                                             SEGMENTS,
                                             ColumnMap,
                                             classify_header,
    header_suffix,
                                             map_columns,
                                             norm_header,
                                             parse_level,
)
from jkn_geo.figures.parsing.numbers import Number, parse_number, parse_number_ex
from jkn_geo.figures.parsing.periods import (
    MONTHS,
    PERIOD_KINDS,
    current_month,
    last_complete_month,
    month_range,
    parse_period,
    parse_period_kind,
)

__all__ = ["DEFINITION_WORDS", "FIELD_OF_DEFINITION", "header_suffix",
           "MAX_VALUE_CHARS", "ParseError", "clean_text", "has_invisible", "is_missing_text", "FIELDS",
           "LEVEL_HINT_FROM_HEADER", "LEVEL_WORDS", "SEGMENTS", "ColumnMap", "classify_header", "map_columns",
           "norm_header", "parse_level", "Number", "parse_number", "parse_number_ex", "MONTHS", "current_month",
           "last_complete_month", "month_range", "parse_period", "parse_period_kind", "PERIOD_KINDS"]
