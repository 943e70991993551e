"""Region registry: the 38 provinces, 514 regencies/cities and 7,285 districts.

Pure Python + pandas, no geometry and no Streamlit. Loaded once per process from the
derived ``regions.parquet`` (see :mod:`jkn_geo.geography.convert`)::

    from jkn_geo.geography.registry import get_registry
    reg = get_registry()
    reg.get("18.71").name            # 'Kota Bandar Lampung'
    reg.children("18")               # the 15 regencies/cities of Lampung
    reg.match_region("Kab. OKU Timur").code   # '16.08'
"""
from __future__ import annotations

import difflib
import re
import threading
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz as _rf_fuzz, process as _rf_process

from jkn_geo.config import FUZZY_MIN_SCORE, LEVELS  # noqa: F401  (re-exported: registry.LEVELS)
from jkn_geo.geography import names as _names

_CODE_RE = re.compile(r"^\s*(\d{2})(?:[.\s-]?(\d{2}))?(?:[.\s-]?(\d{2}))?\s*$")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str
    parent_code: str | None
    kind: str
    population_total: int | None
    population_male: int | None
    population_female: int | None
    area_km2: float | None
    lon: float | None
    lat: float | None

    @property
    def short_name(self) -> str:
        """Name without the 'Kabupaten'/'Kota Administrasi' prefix."""
        return _names.split_kind(self.name.lower())[1].title() if self.level == "regency" else self.name


def normalise_code(text) -> str | None:
    """``'1871'``, ``'18.71'``, ``'18-71'`` → ``'18.71'``; anything else → None."""
    m = _CODE_RE.match(str(text))
    if not m:
        return None
    return ".".join(p for p in m.groups() if p)


class Registry:
    def __init__(self, regions: pd.DataFrame):
        df = regions.copy()
        df["code"] = df["code"].astype(str)
        self.df = df.set_index("code", drop=False)
        self._by_code: dict[str, Region] = {}
        cols = Region.__dataclass_fields__
        for rec in df.to_dict("records"):
            vals = {k: (None if pd.isna(rec.get(k)) else rec.get(k)) for k in cols}
            for k in ("population_total", "population_male", "population_female"):
                if vals[k] is not None:
                    vals[k] = int(vals[k])
            self._by_code[rec["code"]] = Region(**vals)
        self._children: dict[str | None, list[str]] = defaultdict(list)
        for r in self._by_code.values():
            self._children[r.parent_code].append(r.code)
        for v in self._children.values():
            v.sort()
        self._index: dict[str, list[str]] = defaultdict(list)
        self._keys: dict[str, str] = {}  # one key per region, for fuzzy matching
        for r in self._by_code.values():
            _kind, keys = _names.region_keys(r.name, r.level)
            for k in keys:
                self._index[k].append(r.code)
            self._keys[r.code] = next(iter(keys))
        # the fuzzy index: per level, the keys and their codes side by side (rapidfuzz reads the list)
        self._fuzzy_keys: dict[str, tuple[list[str], list[str]]] = {}
        for lv in LEVELS:
            pairs = [(k, c) for c, k in self._keys.items() if self._by_code[c].level == lv]
            self._fuzzy_keys[lv] = ([k for k, _ in pairs], [c for _, c in pairs])

    # ---- lookups -------------------------------------------------------------------------
    def __contains__(self, code) -> bool:
        return normalise_code(code) in self._by_code

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, code) -> Region:
        c = normalise_code(code)
        if c is None or c not in self._by_code:
            raise KeyError(f"unknown region code {code!r}")
        return self._by_code[c]

    def name(self, code) -> str:
        return self.get(code).name

    def codes(self, level: str, within: str | None = None) -> list[str]:
        """All codes of ``level``, optionally only those under region ``within``."""
        if level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
        prefix = None if within is None else self.get(within).code + "."
        return sorted(c for c, r in self._by_code.items()
                      if r.level == level and (prefix is None or c.startswith(prefix)))

    def children(self, code: str | None) -> list[Region]:
        """Direct children (``None`` → the provinces)."""
        key = None if code is None else self.get(code).code
        return [self._by_code[c] for c in self._children.get(key, [])]

    def parent(self, code) -> Region | None:
        p = self.get(code).parent_code
        return self._by_code[p] if p else None

    def parent_chain(self, code) -> list[Region]:
        """From the province down to the region itself."""
        chain = [self.get(code)]
        while chain[0].parent_code:
            chain.insert(0, self._by_code[chain[0].parent_code])
        return chain

    def province_of(self, code) -> Region:
        return self.parent_chain(code)[0]

    def population(self, code) -> int | None:
        return self.get(code).population_total

    def frame(self, level: str | None = None) -> pd.DataFrame:
        """The registry as a DataFrame (one level, or all)."""
        df = self.df if level is None else self.df[self.df["level"] == level]
        return df.reset_index(drop=True)

    # ---- name matching -------------------------------------------------------------------
    def _candidate(self, code: str, score: float) -> _names.Candidate:
        r = self._by_code[code]
        prov = self._by_code[code[:2]].name if r.level != "province" else None
        return _names.Candidate(code, r.name, r.level, round(score, 3), prov)

    def _resolve_within(self, within) -> str | None:
        if within is None or within == "":
            return None
        code = normalise_code(within)
        if code in self._by_code:
            return code
        m = self.match_region(str(within), level="province")
        if m.ok:
            return m.code
        raise KeyError(f"unknown region for within={within!r}: {m.explain()}")

    def match_region(self, text, level: str | None = None, within=None, fuzzy: bool = True) -> _names.MatchResult:
        """Find the region meant by ``text`` (a name or a code).

        ``level`` restricts to 'province' / 'regency' / 'district'; ``within`` to the
        descendants of a region (code or province name). Returns a :class:`MatchResult`
        with ``status``, ``code``, ``confidence`` and ``candidates``; it never guesses
        between equally good candidates. ``fuzzy=False``: exact names, codes and aliases only
        (dictionary look-ups; used when a file's matching time budget is spent). A text over
        :data:`~jkn_geo.config.MAX_REGION_NAME_CHARS` characters is ``too_long``, unread.
        """
        query = "" if text is None else str(text)
        if level is not None and level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
        if _names.too_long(query):
            return _names.MatchResult(query, "too_long")
        if not _names.clean(query):
            return _names.MatchResult(query, "not_found")
        # "Banjar, Kalimantan Selatan" / "Banjar (Kalsel)": a trailing province narrows the search
        tail = _names.split_trailing_place(query) if within is None else None
        if tail:
            prov = self.match_region(tail[1], level="province", fuzzy=fuzzy)
            if prov.ok:
                res = self.match_region(tail[0], level=level, within=prov.code, fuzzy=fuzzy)
                res.query = query
                return res
        within_code = self._resolve_within(within)
        prefix = None if within_code is None else within_code + "."

        def allowed(code: str, lvl: str | None) -> bool:
            r = self._by_code[code]
            return (lvl is None or r.level == lvl) and (prefix is None or code.startswith(prefix))

        code = normalise_code(query)
        if code is not None:
            if code in self._by_code and allowed(code, level):
                r = self._by_code[code]
                return _names.MatchResult(query, "exact", code, r.name, r.level, 1.0, [self._candidate(code, 1.0)])
            return _names.MatchResult(query, "not_found")

        p = _names.parse(query)
        lvl = level or _names.KIND_TO_LEVEL.get(p.kind or "")
        if level and p.kind and _names.KIND_TO_LEVEL[p.kind] != level:
            lvl = level  # the column says the level; the word in the name is only a hint
        hits = [c for c in self._index.get(p.key, []) if allowed(c, lvl)]
        if not hits and p.via_alias:  # "Yogyakarta" at regency level is Kota Yogyakarta, not the alias
            hits = [c for c in self._index.get(p.plain_key, []) if allowed(c, lvl)]
            p = _names.Parsed(p.raw, p.kind, p.core, p.plain_key, False, p.plain_key)
        if lvl == "district" and p.kind != "kecamatan":
            # district names may start with a kind word ("Kota Mukomuko"): try the whole name
            whole = _names.compact(_names.clean(query))
            hits = [c for c in self._index.get(whole, []) if allowed(c, lvl)] or hits
        status = "alias" if p.via_alias else "exact"
        kind_penalty = 1.0
        if p.kind in ("kota", "kabupaten") and hits:
            same_kind = [c for c in hits if self._by_code[c].level != "regency" or self._by_code[c].kind == p.kind]
            if not same_kind:  # "Kota X" where only "Kabupaten X" exists: likely, but say so
                status, kind_penalty = "fuzzy", 0.75
            hits = same_kind or hits
        if hits and lvl is None and len({self._by_code[c].level for c in hits}) > 1:
            # a bare name that names regions at several levels: the highest level is meant
            # ("Lampung" the province, "Lumajang" the regency), unless that level is ambiguous
            top_level = min((self._by_code[c].level for c in hits), key=LEVELS.index)
            top = [c for c in hits if self._by_code[c].level == top_level]
            rest = [c for c in hits if c not in top]
            if len(top) == 1:
                r = self._by_code[top[0]]
                return _names.MatchResult(query, status, r.code, r.name, r.level, 0.9,
                                          [self._candidate(c, 0.9 if c == r.code else 0.5) for c in top + sorted(rest)])
            return _names.MatchResult(query, "ambiguous", candidates=[
                self._candidate(c, 1.0 if c in top else 0.5) for c in sorted(top) + sorted(rest)])
        if len(hits) == 1:
            r = self._by_code[hits[0]]
            conf = (1.0 if status == "exact" else 0.95) * kind_penalty
            return _names.MatchResult(query, status, r.code, r.name, r.level, conf, [self._candidate(r.code, conf)])
        if len(hits) > 1:
            return _names.MatchResult(query, "ambiguous", confidence=0.0,
                                      candidates=[self._candidate(c, 1.0) for c in sorted(hits)])
        if not fuzzy:
            return _names.MatchResult(query, "not_found")
        return self._fuzzy(query, p, lvl, allowed)

    def _fuzzy_pool(self, key: str, levels) -> list[str]:
        """Codes whose key may reach :data:`FUZZY_MIN_SCORE` with ``key``: rapidfuzz's Indel ratio
        (2·LCS/(m+n)) bounds difflib's ratio (2·matched blocks/(m+n)) from above, so this index
        look-up drops only names difflib would drop too."""
        out = []
        cutoff = FUZZY_MIN_SCORE * 100 - 1e-6
        for lv in levels:
            keys, codes = self._fuzzy_keys[lv]
            for _k, _score, i in _rf_process.extract(key, keys, scorer=_rf_fuzz.ratio, processor=None, score_cutoff=cutoff,
                                                     limit=None):
                out.append(codes[i])
        return out

    def _fuzzy(self, query, p, lvl, allowed) -> _names.MatchResult:
        pool_levels = (lvl,) if lvl else ("province", "regency")
        scored = []
        sm = difflib.SequenceMatcher(autojunk=False)
        sm.set_seq2(p.key)
        for code in self._fuzzy_pool(p.key, pool_levels):
            key = self._keys[code]
            r = self._by_code[code]
            if not allowed(code, None):
                continue
            if p.kind in ("kota", "kabupaten") and r.level == "regency" and r.kind != p.kind:
                continue
            sm.set_seq1(key)
            if sm.real_quick_ratio() < FUZZY_MIN_SCORE or sm.quick_ratio() < FUZZY_MIN_SCORE:
                continue
            scored.append((sm.ratio(), code))
        scored.sort(reverse=True)
        cands = [self._candidate(c, s) for s, c in scored[:5] if s >= FUZZY_MIN_SCORE]
        if scored and scored[0][0] >= 0.85:
            best, code = scored[0]
            runner = scored[1][0] if len(scored) > 1 else 0.0
            if best - runner >= 0.06:
                r = self._by_code[code]
                return _names.MatchResult(query, "fuzzy", code, r.name, r.level, round(best * 0.9, 3), cands)
            return _names.MatchResult(query, "ambiguous", candidates=cands)
        return _names.MatchResult(query, "not_found", candidates=cands)


_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _load(path: str) -> Registry:
    return Registry(pd.read_parquet(path))


def get_registry(folder: Path | None = None) -> Registry:
    """The process-wide registry (built from the cache on first use; fetches if needed)."""
    from jkn_geo.geography import convert

    with _LOCK:
        folder = folder or convert.ensure_built(log=lambda *_: None)
        return _load(str(Path(folder) / "regions.parquet"))


def match_region(text, level: str | None = None, within=None) -> _names.MatchResult:
    """Shortcut for ``get_registry().match_region(...)``."""
    return get_registry().match_region(text, level=level, within=within)
