"""The text of one cell as a person reads it: invisible characters removed, compatibility
forms folded, and what counts as an empty cell ("", "-", "n/a", "tidak ada" ...)."""
from __future__ import annotations

import math
import re
import unicodedata

_MISSING = {"", "-", "–", "—", "n/a", "na", "nan", "none", "null", "tidak ada", "tidak ada data",
            "no data", "#n/a", "?", "..", "…"}


class ParseError(ValueError):
    """A value that cannot be read; ``str()`` says what was expected."""


# invisible characters: format characters (zero-width space/joiners, word joiner, soft hyphen,
# BOM, bidi controls) and control characters other than tab / newline
_INVISIBLE = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e"
                        r"\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")


def clean_text(text: str) -> str:
    """Text as a person reads it: invisible characters (zero-width spaces and joiners, soft
    hyphens, BOMs, bidi controls, control characters) removed, compatibility forms folded
    (full-width digits and letters, non-breaking and other special spaces → plain ones)."""
    if text.isascii():
        return _INVISIBLE.sub("", text) if not text.isprintable() else text
    text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFKC", text)


def has_invisible(text: str) -> bool:
    """Whether :func:`clean_text` would drop characters from ``text``."""
    return not text.isprintable() and _INVISIBLE.search(text) is not None


def is_missing_text(value: object) -> bool:
    """Whether a cell is empty: None, NaN, or text such as ``""``, ``"-"``, ``"n/a"``, ``"tidak ada"``."""
    if value is None:
        return True
    t = type(value)
    if t is str:
        return len(value) < 64 and (not value or value.strip().lower() in _MISSING)
    if t is int:
        return False
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and len(value) < 64 and value.strip().lower() in _MISSING:
        return True
    return False

