"""Dataset names as people read them: cleaned (NFKC, invisible characters removed, spaces
collapsed) and compared by their *skeleton*, so that a name that only looks like an existing one
(``demo-sintetis`` written with a Cyrillic ``е``, ``victim_a`` with a zero-width space) is
refused on import and on rename.

    clean_name("victim_a\\u200b")                       # 'victim_a'
    skeleton("dеmo-sintetis") == skeleton("demo-sintetis")   # True (Cyrillic е)
    confusable_with("Demo-Sintetis", ["demo-sintetis"])    # 'demo-sintetis'

The skeleton is a small, linear version of Unicode's confusable skeleton: NFKC, case folded,
the common Cyrillic and Greek look-alikes of Latin letters mapped to them, invisible characters
and combining marks dropped, every dash a ``-``, runs of spaces one space.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from jkn_geo.figures.parsing import clean_text
from jkn_geo.text import Text

# Cyrillic and Greek letters (lower case: the skeleton is case folded) that look like Latin ones
_LOOKALIKES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "є": "e", "г": "r", "һ": "h", "і": "i", "ї": "i", "ј": "j",
    "к": "k", "м": "m", "н": "h", "о": "o", "п": "n", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x",
    "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ь": "b", "ʏ": "y",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "ϲ": "c", "ζ": "z", "μ": "u",
    # Latin look-alikes of other Latin letters and digits
    "ı": "i", "ɩ": "i", "ℓ": "l", "0": "o", "1": "l", "|": "l",
}
_MAP = str.maketrans(_LOOKALIKES)
_DASHES = re.compile(r"[‐‑‒–—―−﹘﹣－]")

NAME_CONFUSABLE = Text("Nama '{name}' tampak sama dengan dataset yang sudah ada '{other}' (huruf yang mirip).",
                       "The name '{name}' looks the same as the existing dataset '{other}' (look-alike letters).")


def clean_name(name: object) -> str:
    """The name as shown: NFKC, invisible characters removed, whitespace runs one space, stripped."""
    return " ".join(clean_text(str(name or "")).split())


def skeleton(name: object) -> str:
    """What a name looks like: equal skeletons are names a reader cannot tell apart."""
    s = unicodedata.normalize("NFKD", clean_name(name).casefold())
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).translate(_MAP)
    return " ".join(_DASHES.sub("-", s).split())


def confusable_with(name: str, existing: Iterable[str]) -> str | None:
    """The first of ``existing`` that is not ``name`` itself but looks the same; else None."""
    sk = skeleton(name)
    for other in existing:
        if other != name and skeleton(other) == sk:
            return other
    return None
