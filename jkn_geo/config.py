"""The one place for JKN Atlas's constants: where things live, environment variables, targets,
the PBI contribution, region levels, dataset names and kinds, import limits, palettes.

Every other module reads these from here; nothing else defines them.
"""
from __future__ import annotations

import os
from pathlib import Path

from jkn_geo.text import Text

PROJECT_ROOT = Path(__file__).resolve().parents[1]
MANIFEST_PATH = PROJECT_ROOT / "geo" / "manifest.json"
DATA_DIR = PROJECT_ROOT / "data"

# ---- environment variables ---------------------------------------------------------------------
ENV_MIRROR = "JKN_GEO_MIRROR"              # base URL(s) of the upstream files
ENV_CACHE = "JKN_GEO_CACHE"                # download/derived-file cache
ENV_DB = "JKN_GEO_DB"                      # the store file
ENV_DB_BUSY_TIMEOUT = "JKN_GEO_DB_BUSY_TIMEOUT"
ENV_HOSTED = "JKN_ATLAS_HOSTED"
ENV_EDITOR_HASH = "JKN_ATLAS_EDITOR_HASH"

DEFAULT_BASES = (
    "https://raw.githubusercontent.com",
    # jsDelivr serves the same files as https://cdn.jsdelivr.net/gh/<owner>/<repo>@<commit>/<path>
    "jsdelivr:https://cdn.jsdelivr.net/gh",
)


def cache_dir() -> Path:
    """The download/derived-file cache: ``$JKN_GEO_CACHE`` or a per-user cache folder."""
    env = os.environ.get(ENV_CACHE)
    if env:
        return Path(env).expanduser()
    try:
        from platformdirs import user_cache_dir

        return Path(user_cache_dir("jkn-atlas", appauthor=False))
    except ImportError:  # pragma: no cover - platformdirs is in requirements
        return Path.home() / ".cache" / "jkn-atlas"


def raw_dir() -> Path:
    return cache_dir() / "raw"


def derived_dir() -> Path:
    return cache_dir() / "derived"


def mirror_bases() -> list[str]:
    """Base URLs to try, in order. ``$JKN_GEO_MIRROR`` replaces the defaults."""
    env = os.environ.get(ENV_MIRROR, "").strip()
    if env:
        return [b.strip() for b in env.split(",") if b.strip()]
    return list(DEFAULT_BASES)


# ---- targets and costs --------------------------------------------------------------------------
# Coverage targets by their URL/CLI key. 98 %: RPJMN 2025–2029 (UHC); 98.6 %: the newest
# regulation; 95 %: the older UHC threshold.
COVERAGE_TARGETS = {"98": 98.0, "98.6": 98.6, "95": 95.0}
DEFAULT_COVERAGE_TARGET = COVERAGE_TARGETS["98"]
COVERAGE_TARGET_LABELS = {
    98.0: Text("98 % — RPJMN 2025–2029", "98 % — RPJMN 2025–2029"),
    98.6: Text("98,6 % — regulasi terbaru", "98.6 % — newest regulation"),
    95.0: Text("95 % — target lama", "95 % — older target"),
}
COVERAGE_TARGET_SOURCES = {98.0: "RPJMN", 98.6: "regulasi terbaru", 95.0: "target lama"}
ACTIVITY_TARGET = 80.0
PBI_CONTRIBUTION_RP = 42_000               # Rp per person per month (iuran PBI)

# the reference population (Dukcapil 2025, from the boundary repositories): used when a figure
# gives none; percentages computed with it say so, with a notice beyond this many months
REFERENCE_POPULATION_PERIOD = "2025-06"
REFERENCE_POPULATION_LABEL = Text("penduduk rujukan 2025", "reference population 2025")
REFERENCE_POPULATION_MAX_MONTHS = 12
# "closest available value": months a figure may lie before the chosen period (map control)
TOLERANCE_CHOICES = (0, 3, 6, 12)
DEFAULT_TOLERANCE_PUBLISHED = 12

# ---- region levels -------------------------------------------------------------------------------
NATIONAL_CODE = "ID"
LEVELS = ("province", "regency", "district")          # the levels with boundaries
ALL_LEVELS = ("national",) + LEVELS                     # top to bottom
LEVEL_RANK = {lv: i for i, lv in enumerate(ALL_LEVELS)}  # national 0 … district 3
LEVEL_LABELS = {
    "national": Text("Nasional", "national"),
    "province": Text("Provinsi", "provinces"),
    "regency": Text("Kabupaten/Kota", "regencies/cities"),
    "district": Text("Kecamatan", "districts"),
}

# ---- datasets --------------------------------------------------------------------------------------
PUBLISHED_DATASET = "angka-terbit"
DEMO_DATASET = "demo-sintetis"
SHIPPED_DATASETS = (PUBLISHED_DATASET, DEMO_DATASET)
KINDS = ("imported", "published", "demo", "population")   # population: a population table (region × year or semester)
# one wording for each kind, everywhere (map, pages, exports): real and synthetic never confused
KIND_LABELS = {
    "imported": Text("data impor", "imported data"),
    "published": Text("angka terbit", "published figures"),
    "demo": Text("data sintetis (demo)", "synthetic demo data"),
    "population": Text("tabel penduduk", "population table"),
}
SYNTHETIC_LABEL = Text("DATA SINTETIS (demo) — bukan data resmi", "SYNTHETIC DATA (demo) — not official figures")

# ---- import limits ---------------------------------------------------------------------------------
MAX_HEADER_SCAN = 10                          # rows searched for the header
MAX_UPLOAD_BYTES = 25 * 1024 * 1024           # the file as uploaded (25 MiB; 100.000 rows of CSV ≈ 3–8 MiB)
MAX_XLSX_UNPACKED_BYTES = 256 * 1024 * 1024   # all parts of an XLSX unpacked (zip-bomb guard)
MAX_XLSX_PARTS = 5000                         # entries in the XLSX zip
MAX_XLSX_PART_BYTES = 48 * 1024 * 1024        # any unpacked part but a worksheet (those are streamed);
#                                               shared strings and styles are read whole
MAX_ROWS = 200_000                            # rows with content (header and title rows included)
MAX_LINES = 1_000_000                         # CSV lines, blank ones included
MAX_COLUMNS = 500                             # columns of the table
MAX_NAME_CHARS = 120                          # dataset name
FAR_ABOVE_POPULATION = 1.5                    # registered > 1.5 × population is an error
PCT_TOLERANCE = 0.1                           # percentage points between a stated % and its counts
# a stated value and the same value computed from stated counts disagree beyond rounding when
# they differ by more than this (percentage points; relative for counts)
INCONSISTENT_PP = 0.06
INCONSISTENT_REL = 0.005
MAX_VALUE_CHARS = 100                         # a number or a period written in more characters is not one

# ---- consistency check (jkn_geo.figures.consistency) ------------------------------------------------
# Two figures that disagree beyond their rounding intervals are a finding: "minor" below these
# sizes, "major" from them on (percentage points for percentages, % of the larger value for counts).
CONSISTENCY_MAJOR_PP = 1.0
CONSISTENCY_MAJOR_REL_PCT = 1.0
# Over time: a region's stated coverage or activity that moves by more than TREND_JUMP_PP
# percentage points within TREND_WINDOW_MONTHS months (beyond rounding) is a "minor" finding,
# "major" from TREND_MAJOR_PP on (e.g. Lampung 98,16 % → 95,8 % in two months).
TREND_JUMP_PP = 2.0
TREND_WINDOW_MONTHS = 3
TREND_MAJOR_PP = 5.0
# Figures of a table row without statements: a count stands for ±0,5, a percentage for ±0,005.
ROW_COUNT_HALF_UNIT = 0.5
ROW_PCT_HALF_UNIT = 0.005

# ---- colours -----------------------------------------------------------------------------------------
# Okabe–Ito: categorical and colour-blind safe (series in trend charts, on screen and in PNGs).
CATEGORICAL_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")

# ---- figures as published (issue 7): import kinds, national rows, definitions ------------------------
IMPORT_KINDS = ("official", "published")      # `import --kind`: an official (wide) table, or published figures
IMPORT_KIND_LABELS = {
    "official": Text("tabel resmi (semua atau tidak sama sekali)", "official table (all or nothing)"),
    "published": Text("angka terbit, satu baris per angka (baris yang baik disimpan)",
                      "published figures, one row per figure (the good rows are stored)"),
}
#: a region cell naming the whole country (compared in lower case); code NATIONAL_CODE
NATIONAL_NAMES = ("indonesia", "nasional", "national", "seluruh indonesia", "republik indonesia",
                  "indonesia (nasional)", "total nasional", "nasional (indonesia)")
DEFAULT_TO_ENROL_TARGET = DEFAULT_COVERAGE_TARGET   # "perlu didaftarkan" without a target in its header

# ---- security for the hosted app (issue 14: authentication, uploads, XLSX) --------------------------
ENV_TRUSTED_PROXIES = "JKN_ATLAS_TRUSTED_PROXIES"   # comma-separated addresses of the reverse proxy in front
ENV_SESSION_SECRET = "JKN_ATLAS_SESSION_SECRET"     # HMAC key of editor sign-ins (default: random per process)
ENV_EDITOR_TTL_HOURS = "JKN_ATLAS_EDITOR_TTL_HOURS"
EDITOR_TTL_HOURS = 8.0                        # an editor sign-in expires after this many hours
LOGIN_FREE_ATTEMPTS = 3                       # failures of one client before its pauses start
LOGIN_MAX_PAUSE_S = 300.0                     # the longest pause of one client
LOGIN_FORGET_S = 3600.0                       # one client's failures are forgotten after this quiet time
LOGIN_GLOBAL_WINDOW_S = 60.0                  # the process-wide limit: at most LOGIN_GLOBAL_MAX_FAILS failed
LOGIN_GLOBAL_MAX_FAILS = 30                   #   sign-ins in any LOGIN_GLOBAL_WINDOW_S seconds (decays)
LOGIN_MAX_CLIENTS = 10_000                    # clients remembered by the throttle (oldest dropped)
UPLOAD_SESSION_BUDGET = 2 * MAX_UPLOAD_BYTES + 2 * 1024 * 1024   # bytes one session may hold in uploads
UPLOAD_PROCESS_BUDGET = 8 * MAX_UPLOAD_BYTES  # bytes all sessions together may hold in uploads
UPLOAD_GRANT_S = 1800.0                       # an uploader shown to an editor accepts files this long
MAX_XLSX_ROW_RECORDS = 250_000                # <row> records of a sheet, empty ones included (MAX_ROWS + room)
MAX_XLSX_CELL_RECORDS = 10_000_000            # <c> records of a sheet, empty ones included
PREVIEW_MAX_SECONDS = 10.0                    # an upload preview stops after this long

# ---- bounded work on hostile input (issue 14) -------------------------------------------------------
MAX_REGION_NAME_CHARS = 200                   # a region name or search text longer than this is refused unread
NAME_MATCH_BUDGET_S = 15.0                    # seconds of fuzzy name matching per file; later rows: exact names only
FUZZY_MIN_SCORE = 0.6                         # closest names below this similarity are not proposed
MAX_PLAUSIBLE_COUNT = 1_000_000_000           # a count of people above this (> any region's population) is refused
MAX_NOTICE_VALUE_CHARS = 60                   # a link value quoted in a notice is cut to this many characters

# ---- figures from a news article (jkn_geo.figures.extract, `python -m jkn_geo extract`) ---------------
EXTRACT_MAX_CHARS = 300_000        # longer texts are refused (an article is a few thousand characters)
EXTRACT_CONTEXT_SENTENCES = 3      # how many earlier sentences a figure's measure may be read from
EXTRACT_MIN_CONFIDENCE = 0.35      # proposals below this are shown unticked in the Data page
EXTRACT_MAX_FIGURES = 500          # an article with more numbers than this is read up to here
EXTRACT_MAX_SENTENCE = 1200        # longer "sentences" (no full stops) are cut at spaces into pieces this long

# ---- one view on every page (issue 13) ----------------------------------------------------------------
#: the target filters of the ranking tables (URL ``flt``): below the coverage target, below the
#: activity target, below both
TARGET_FILTERS = ("cov", "act", "both")
#: at most this many regions compared on Tren (URL ``wil``)
MAX_TREND_REGIONS = 8
#: projection: months of figures needed, and the window of the least-squares trend
PROJECTION_MIN_MONTHS = 6
PROJECTION_WINDOW_MONTHS = 12
#: a projected month further than this is "not at this pace"
PROJECTION_MAX_YEARS = 30
#: the pixel size of the PNG exports (16:9); matplotlib truncates width × dpi, so the pages ask
#: for half a pixel more (``ui.charts.export_inches``)
EXPORT_PX = (2000, 1125)
