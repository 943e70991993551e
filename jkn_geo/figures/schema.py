"""The store's tables and columns.

``figures`` (one row per region, period and segment of a dataset) holds what a table row or a
source stated for that region and period: counts (population, registered, active, inactive,
unregistered), percentages *as stated* with their definition in the column name
(``coverage_pct_given`` = registered ÷ population, ``activity_pct_given`` = active ÷ registered,
``active_coverage_pct_given`` = active ÷ population), people to enrol to reach a stated target
(``to_enrol_given`` with ``to_enrol_target``), and where it came from (source, URL, date, the
quoted sentence, the file row).

``statements`` (one row per figure) keeps each published figure as it was written: measure,
definition, value and the interval its wording allows (rounding, "sekitar", "lebih dari"),
the quote, source, URL and date. The map's provenance panel and the consistency check read it.

``period_kind`` says what a period stands for: ``month`` (the default), ``year`` (a figure
dated by its year only, stored on January: "tahun 2024", "akhir 2024"), ``semester``.
"""
from __future__ import annotations

SCHEMA_VERSION = "2"

COUNT_COLUMNS = ["population", "registered", "active", "inactive"]
GIVEN_PCT_COLUMNS = ["coverage_pct_given", "activity_pct_given", "active_coverage_pct_given"]
GIVEN_OTHER_COLUMNS = ["unregistered_given", "to_enrol_given", "to_enrol_target"]
VALUE_COLUMNS = COUNT_COLUMNS + GIVEN_PCT_COLUMNS + GIVEN_OTHER_COLUMNS
TEXT_COLUMNS = ["source", "note", "source_url", "source_date", "quote", "period_kind"]
FIGURE_COLUMNS = ["row_no", "code", "level", "period", "segment"] + VALUE_COLUMNS + TEXT_COLUMNS

ISSUE_COLUMNS = ["severity", "row", "column", "value", "message", "hint", "message_en", "hint_en"]

STATEMENT_COLUMNS = ["fig_no", "figure_id", "code", "level", "period", "period_kind", "segment", "measure",
                     "measure_stated", "definition", "target", "value", "lo", "hi", "value_text", "qualifier",
                     "unit", "source_name", "source_url", "source_date", "quote", "row_no", "note"]
STATEMENT_NUMERIC = ["fig_no", "target", "value", "lo", "hi", "row_no"]

DDL = [
    """CREATE TABLE IF NOT EXISTS meta (key VARCHAR, value VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS datasets (
        name VARCHAR NOT NULL, kind VARCHAR NOT NULL, is_synthetic BOOLEAN NOT NULL,
        source VARCHAR, licence VARCHAR, created_at TIMESTAMP, rows BIGINT,
        period_min VARCHAR, period_max VARCHAR, levels VARCHAR, version VARCHAR, note VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS figures (
        dataset VARCHAR NOT NULL, row_no INTEGER, code VARCHAR NOT NULL, level VARCHAR NOT NULL,
        period VARCHAR NOT NULL, segment VARCHAR NOT NULL,
        population DOUBLE, registered DOUBLE, active DOUBLE, inactive DOUBLE,
        coverage_pct_given DOUBLE, activity_pct_given DOUBLE, active_coverage_pct_given DOUBLE,
        source VARCHAR, note VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS issues (
        dataset VARCHAR NOT NULL, severity VARCHAR, "row" INTEGER, "column" VARCHAR, value VARCHAR,
        message VARCHAR, hint VARCHAR, message_en VARCHAR, hint_en VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS statements (
        dataset VARCHAR NOT NULL, fig_no INTEGER, figure_id VARCHAR, code VARCHAR NOT NULL,
        level VARCHAR NOT NULL, period VARCHAR NOT NULL, period_kind VARCHAR, segment VARCHAR,
        measure VARCHAR NOT NULL, measure_stated VARCHAR, definition VARCHAR, target DOUBLE,
        value DOUBLE, lo DOUBLE, hi DOUBLE, value_text VARCHAR, qualifier VARCHAR, unit VARCHAR,
        source_name VARCHAR, source_url VARCHAR, source_date VARCHAR, quote VARCHAR, row_no INTEGER,
        note VARCHAR)""",
    # stores written before the English texts were kept
    "ALTER TABLE issues ADD COLUMN IF NOT EXISTS message_en VARCHAR",
    "ALTER TABLE issues ADD COLUMN IF NOT EXISTS hint_en VARCHAR",
    # schema 2: figures as stated (more stated values, provenance, period kind)
    "ALTER TABLE figures ADD COLUMN IF NOT EXISTS unregistered_given DOUBLE",
    "ALTER TABLE figures ADD COLUMN IF NOT EXISTS to_enrol_given DOUBLE",
    "ALTER TABLE figures ADD COLUMN IF NOT EXISTS to_enrol_target DOUBLE",
    "ALTER TABLE figures ADD COLUMN IF NOT EXISTS source_url VARCHAR",
    "ALTER TABLE figures ADD COLUMN IF NOT EXISTS source_date VARCHAR",
    "ALTER TABLE figures ADD COLUMN IF NOT EXISTS quote VARCHAR",
    "ALTER TABLE figures ADD COLUMN IF NOT EXISTS period_kind VARCHAR",
    "ALTER TABLE datasets ADD COLUMN IF NOT EXISTS file_name VARCHAR",
]
