"""The map explorer's details: the selected region's figures, rank, trend and status (or the
summary for Indonesia), and the ranking table under the map."""
from __future__ import annotations

import streamlit as st

from jkn_geo.analysis import indicators as ind, ranking as analysis
from jkn_geo.config import COVERAGE_TARGETS, LEVEL_LABELS
from jkn_geo.fmt import NA_ID, fmt_int, fmt_pct, fmt_people, fmt_period, fmt_rp, is_missing
from jkn_geo.render import mapstyle, mapview
from jkn_geo.text import Text, md_escape
from jkn_geo.ui import tables, widgets
from jkn_geo.ui.explorer import state as S
from jkn_geo.ui.explorer.state import set_region

RANKING_KEY = "jkn_rank_open"     # ranking-table expander (built only when open)
PROVENANCE_KEY = "jkn_prov_open"  # the selected region's provenance expander (built only when open)
TOTAL = Text("Jumlah", "total")
FILTER_WORDS = {"cov": Text("hanya di bawah target cakupan", "below coverage target only"),
                "act": Text("hanya di bawah target keaktifan", "below activity target only"),
                "both": Text("hanya di bawah kedua target", "below both targets only")}
FEW_WITH_DATA = 8  # at most this many regions with figures: list them, the map is mostly hatched

METRICS = (("coverage_pct", Text("Cakupan", "coverage")), ("activity_pct", Text("Keaktifan", "activity")),
           ("active_coverage_pct", Text("Cakupan aktif", "active coverage")),
           ("to_enrol", Text("Perlu didaftarkan", "to enrol")),
           ("to_activate", Text("Perlu diaktifkan", "to activate")),
           ("gap_cost_rp", Text("Biaya celah setahun (PBI)", "yearly gap cost")))
SOURCE = Text("Sumber", "source")
OWN_GAP = Text("Celah provinsi (angka provinsi sendiri)", "the province's own gap")
CHILD_GAP = Text("jumlah celah {n} dari {of} kabupaten/kotanya", "sum of {n} of its {of} regencies' gaps")
GAP_WHY = Text("kabupaten/kota di atas target tidak menutup kekurangan yang lain",
               "regencies above the target do not offset the others")
PROJ_COV = Text("Target cakupan", "coverage target reached")
PROJ_ACT = Text("Target keaktifan", "activity target reached")
NOTE = Text("Catatan", "note")
TREND = Text("Tren", "trend")
WITH_FIGURES = Text("Wilayah yang punya data", "regions with figures:")
SOURCE_DATE = Text("Sumber & tanggal", "source & date")
PROVENANCE = Text("Asal angka: kutipan, tautan, rumus", "provenance: quote, link, formula")
VALUES_SHOWN = Text("Angka yang ditampilkan", "values shown")
POPULATION = Text("Penduduk", "population")
FIGURES_OF = Text("Angka periode", "figures of")
STATED_FIGURES = Text("Angka sebagaimana dinyatakan sumber", "figures as stated by the source")
DEFINITION = Text("definisi", "definition")
FILE_ROW = Text("berkas {file}, baris {row}", "file {file}, row {row}")
ROW_ONLY = Text("baris {row}", "row {row}")
NO_LINK = Text("tanpa tautan", "no link")
UNSAFE_LINK = Text("alamat bukan http(s), tidak ditautkan", "not an http(s) address, not linked")
PAIR_HEAD = Text("Angka tidak konsisten", "inconsistent")
FINDING = Text("Temuan pemeriksaan konsistensi", "consistency finding")
PAIR_INTRO = Text("Angka yang dinyatakan sumber berbeda dari angka yang dihitung dari jumlah yang juga "
                  "dinyatakannya; keduanya disimpan, peta memakai yang dinyatakan.",
                  "The stated value differs from the one computed from the counts the source also states; "
                  "both are kept, the map shows the stated one.")
STATED_VALUE = Text("dinyatakan", "stated")
COMPUTED_VALUE = Text("dihitung dari angka yang dinyatakan", "computed from stated counts")
#: how the ``_alt`` twin of a stated value is computed (indicators.indicator_table)
ALT_HOW = {"coverage_pct": (Text("terdaftar ÷ penduduk", "registered ÷ population"), ("registered", "population")),
           "activity_pct": (Text("aktif ÷ terdaftar", "active ÷ registered"), ("active", "registered", "inactive")),
           "to_enrol": (Text("⌈target × penduduk − terdaftar⌉", "⌈target × population − registered⌉"),
                        ("registered", "population"))}
#: what the provenance panel lists: the indicators of METRICS, then the counts
COUNTS = (("registered", Text("Terdaftar", "registered")), ("active", Text("Aktif", "active")),
          ("inactive", Text("Tidak aktif", "inactive")), ("unregistered", Text("Belum terdaftar", "unregistered")))
MEASURE_WORDS = {"registered": Text("terdaftar", "registered"), "active": Text("aktif", "active"),
                 "inactive": Text("tidak aktif", "inactive"), "population": Text("penduduk", "population"),
                 "unregistered": Text("belum terdaftar", "unregistered"),
                 "coverage_pct": Text("cakupan", "coverage"), "activity_pct": Text("keaktifan", "activity"),
                 "active_coverage_pct": Text("cakupan aktif", "active coverage"),
                 "to_enrol": Text("perlu didaftarkan", "to enrol"), "count": Text("jumlah", "count")}


def target_for(meta: dict, cov_t: float, act_t: float):
    """``(value, kind, label)`` of the indicator's target for the classes and the legend."""
    t = meta.get("target")
    if t is None:
        return None, None, None
    if meta.get("unit") == "pct":
        value = cov_t if t == "coverage" else act_t
        return value, t, f"target {fmt_pct(value, decimals=1).replace(',0 %', ' %')}"
    return 0.0, t, "target tercapai"


def rank_among(table, code: str, indicator: str, higher_is_better: bool):
    """(rank, n) of ``code`` among the rows of ``table`` that have a value (1 = best)."""
    sub = table[["code", indicator]].dropna()
    if code not in set(sub["code"]):
        return None, len(sub)
    sub = sub.sort_values(indicator, ascending=not higher_is_better, kind="mergesort").reset_index(drop=True)
    vals = sub[indicator].tolist()
    v = vals[sub.index[sub["code"] == code][0]]
    better = sum(1 for x in vals if (x > v if higher_is_better else x < v))
    return better + 1, len(sub)


def _metric_value(row, key, unit):
    v = row.get(key)
    if is_missing(v):
        return NA_ID
    return mapview.fmt_value(v, unit)


def details(store, digest, reg, state, region, table, meta, targets) -> None:
    cov_t, act_t, pbi = targets["coverage_target"], targets["activity_target"], targets["pbi_rp"]
    if not region:
        st.markdown("**Indonesia** · 38 provinsi")
        have = table[state.indicator].notna().sum()
        st.caption(f"{have} dari {len(table)} provinsi punya data untuk periode ini · "
                   f"{have} of {len(table)} provinces have data for this period. "
                   "Klik provinsi di peta · click a province to drill down.")
        _jump_to_regions_with_data(table, state.indicator, meta)
        _status_counts(table)
        return
    r = reg.get(region)
    st.markdown(f"**{md_escape(r.name)}** · {LEVEL_LABELS[r.level].id} · `{r.code}`")
    parent = r.parent_code
    sib_table = S.table(store, digest, state.dataset, r.level, state.period, parent, cov_t, act_t, pbi,
                        state.tolerance)
    rows = sib_table[sib_table["code"] == region]
    if not len(rows):
        st.info(NA_ID)
        return
    row = rows.iloc[0].to_dict()
    if is_missing(row.get(state.indicator)) and is_missing(row.get("coverage_pct")):
        st.info(f"**{NA_ID}** untuk {fmt_period(state.period)} · no data for this period.")
    lines = [f"| {lab.id} <span style='color:#777'>· {lab.en}</span> | "
             f"**{_metric_value(row, key, ind.INDICATORS[key]['unit'])}** |" for key, lab in METRICS]
    st.markdown(f"| {fmt_period(state.period)} | |\n|---|---|\n" + "\n".join(lines), unsafe_allow_html=True)
    if r.level == "province":
        _children_gap(store, digest, state, region, row, targets)
    extra = [f"{word} {fmt_people(row[key])}" for key, word in
             (("registered", "terdaftar"), ("active", "aktif"), ("population", "penduduk"))
             if not is_missing(row.get(key))]
    if extra:
        st.caption(" · ".join(extra))
    older = mapstyle.older_text(row)
    if older:
        st.caption(f"◷ **{older.id}** · {older.en}")
    if mapstyle.is_inconsistent(row):
        _inconsistent_pair(row, S.statements(store, digest, state.dataset, region, row.get("period_used")))
    status = row.get("status")
    if status and status in ind.STATUS_LABELS:
        s = ind.STATUS_LABELS[status]
        st.markdown(f"Status: **{s['label_id']}** · *{s['label_en']}*")
    rank, n = rank_among(sib_table, region, state.indicator, meta.get("higher_is_better", True))
    parent_name = reg.get(parent).name if parent else "Indonesia"
    if rank:
        st.markdown(f"{md_escape(meta['label_id'])}: **peringkat {rank} dari {n}** di "
                    f"{md_escape(parent_name)} · rank {rank} of {n}")
    else:
        st.caption(f"Peringkat: {NA_ID} · no rank")
    series = S.series(store, digest, state.dataset, region, cov_t, act_t, pbi)
    if series is not None and len(series) and state.indicator in series.columns:
        target, _, _ = target_for(meta, cov_t, act_t)
        svg = mapview.sparkline_svg([str(p) for p in series["period"]], series[state.indicator].tolist(),
                                    meta["unit"], target if meta["unit"] == "pct" else None)
        if svg:
            st.caption(f"{TREND.both()}: {md_escape(meta['label_id'])}")
            st.markdown(svg, unsafe_allow_html=True)
        _projection(series, meta, cov_t, act_t)
    src = mapstyle.source_with_date(row)
    if src:
        st.markdown(f"<span style='font-size:0.875em;color:#555'>{SOURCE_DATE.both()}: {widgets.md_plain(src)}"
                    f"{' · ' + widgets.link_md(row.get('source_url')) if widgets.safe_url(row.get('source_url')) else ''}"
                    "</span>", unsafe_allow_html=True)
    provenance(store, digest, state, row)


def _children_gap(store, digest, state, region, row, targets) -> None:
    """A province's own gap (from its own figures) and the sum of its regencies' gaps, both
    stated when they differ (the regencies' gaps do not offset each other: a regency above the
    target needs nobody, so the sum is usually larger)."""
    kids = S.table(store, digest, state.dataset, "regency", state.period, region, targets["coverage_target"],
                   targets["activity_target"], targets["pbi_rp"], state.tolerance)
    with_data = kids[kids["to_enrol"].notna()] if "to_enrol" in kids.columns else kids.iloc[:0]
    if not len(with_data):
        return
    own, own_rp = row.get("to_enrol"), row.get("gap_cost_rp")
    total, total_rp = float(with_data["to_enrol"].sum()), float(with_data["gap_cost_rp"].sum(min_count=1) or 0)
    n, of = len(with_data), len(kids)
    if not is_missing(own) and round(float(own)) == round(total):
        return
    own_id = f"{fmt_people(own)} jiwa / {fmt_rp(own_rp)}" if not is_missing(own) else NA_ID
    own_en = f"{fmt_people(own, lang='en')} / {fmt_rp(own_rp, lang='en')}" if not is_missing(own) else "no data"
    st.caption(f"{OWN_GAP.id}: **{own_id}** · {CHILD_GAP.id.format(n=n, of=of)}: "
               f"**{fmt_people(total)} jiwa / {fmt_rp(total_rp)}** ({GAP_WHY.id})  \n"
               f"*{OWN_GAP.en}: {own_en} · {CHILD_GAP.en.format(n=n, of=of)}: "
               f"{fmt_people(total, lang='en')} / {fmt_rp(total_rp, lang='en')} ({GAP_WHY.en})*")


def _projection(series, meta, cov_t: float, act_t: float) -> None:
    """The month the target is reached at the pace of the last 12 months, with the method."""
    from jkn_geo.analysis.projection import METHOD, project

    kind = meta.get("target")
    key = "activity_pct" if kind == "activity" else "coverage_pct"
    if key not in series.columns:
        return
    target = act_t if key == "activity_pct" else cov_t
    p = project([str(x) for x in series["period"]], series[key].tolist(), target)
    pace = p.pace()
    word = PROJ_COV if key == "coverage_pct" else PROJ_ACT
    st.markdown(f"{word.id} {fmt_pct(target, 1 if target % 1 else 0)}: **{p.text().id}** · "
                f"*{word.en}: {p.text().en}*" + (f" <span style='color:#777'>({pace.id})</span>" if pace else ""),
                unsafe_allow_html=True, help=f"{METHOD.id}\n\n{METHOD.en}")


def _is_text(v) -> bool:
    return isinstance(v, str) and bool(v.strip())


def _source_md(name=None, date=None, url=None) -> str:
    """'Koran RB, 2025-12-02 · koranrb.id ↗' as markdown (escaped; the link only for http(s))."""
    parts = []
    if _is_text(name):
        parts.append(widgets.md_plain(name) + (f", {widgets.md_plain(date)}" if _is_text(date) and date not in name else ""))
    elif _is_text(date):
        parts.append(widgets.md_plain(date))
    if _is_text(url):
        link = widgets.link_md(url)
        parts.append(link if link else f"{widgets.md_plain(url)} ({UNSAFE_LINK.both()})")
    return " · ".join(parts)


def _statement_sources(stm, measures) -> str:
    if stm is None or not len(stm):
        return ""
    rows = stm[stm["measure"].isin(list(measures))]
    seen = dict.fromkeys(_source_md(r.get("source_name"), r.get("source_date"), r.get("source_url"))
                         for r in rows.to_dict("records"))
    return "; ".join(x for x in seen if x)


def _inconsistent_pair(row, stm) -> None:
    """The stated value and the one computed from the stated counts, each with its source."""
    lines = [f":red-background[**! {PAIR_HEAD.id}**] · *{PAIR_HEAD.en}*  \n{PAIR_INTRO.id} *{PAIR_INTRO.en}*\n"]
    row_src = _source_md(mapstyle.source_with_date(row), None, row.get("source_url"))
    for key, (how, inputs) in ALT_HOW.items():
        alt, val = row.get(f"{key}_alt"), row.get(key)
        if is_missing(alt) or is_missing(val):
            continue
        unit = ind.INDICATORS[key]["unit"]
        label = ind.INDICATORS[key]["label_id"]
        stated_src = _statement_sources(stm, (key,)) or row_src
        computed_src = _statement_sources(stm, inputs) or row_src
        if row.get("population_source") == "reference" and "population" in inputs:
            computed_src += f" · {POPULATION.id}: {widgets.md_plain(row.get('population_note') or '')}"
        lines.append(f"- {md_escape(label)} {STATED_VALUE.id} · *{STATED_VALUE.en}*: **{mapview.fmt_value(val, unit)}**"
                     + (f" — {stated_src}" if stated_src else ""))
        lines.append(f"- {md_escape(label)} {COMPUTED_VALUE.id} ({md_escape(how.id)}) · *{COMPUTED_VALUE.en}*: "
                     f"**{mapview.fmt_value(alt, unit)}**" + (f" — {computed_src}" if computed_src else ""))
    if _is_text(row.get("finding")):
        lines.append(f"- {FINDING.id} · *{FINDING.en}*: {md_escape(row.get('finding'))}")
    # a bordered box, not st.warning: alerts render no HTML, and the source links are <a> elements
    st.container(border=True, key="jkn_pair").markdown("\n".join(lines), unsafe_allow_html=True)


def _file_row(file_name, row_no) -> str:
    if is_missing(row_no):
        return ""
    n = int(row_no)
    if _is_text(file_name):
        name = md_escape(file_name)
        return FILE_ROW.id.format(file=name, row=n) + " · " + FILE_ROW.en.format(file=name, row=n)
    return ROW_ONLY.id.format(row=n) + " · " + ROW_ONLY.en.format(row=n)


def _definition_words(definition) -> str:
    """``'active/registered'`` → ``'aktif ÷ terdaftar · active ÷ registered'``."""
    if not _is_text(definition):
        return ""
    parts = [p.strip() for p in str(definition).split("/")]
    words = [MEASURE_WORDS.get(p) for p in parts]
    if not all(words):
        return widgets.md_plain(definition)
    return " ÷ ".join(w.id for w in words) + " · " + " ÷ ".join(w.en for w in words)


def provenance(store, digest, state, row) -> None:
    """One click from the details: for the selected region, each shown value's origin and
    formula, the population used, the quotes of the stated figures with their links and
    definitions, and the file row they came from (built only when opened)."""
    # a popover: wider than the details column, and it does not push the page down
    exp = st.popover(PROVENANCE.both(), key=PROVENANCE_KEY, on_change="rerun", icon=":material/manage_search:",
                     width="stretch")
    if not exp.open:
        return
    with exp:
        used = row.get("period_used") if _is_text(row.get("period_used")) else state.period
        head = f"{FIGURES_OF.id} · *{FIGURES_OF.en}*: **{fmt_period(used)}**"
        older = mapstyle.older_text(row)
        if older:
            head += f" ({older.id} · {older.en})"
        st.markdown(head)
        # a list, not a table: the details column is narrow
        lines = [f"**{VALUES_SHOWN.id}** · *{VALUES_SHOWN.en}*"]
        for key, lab in METRICS + COUNTS:
            v = row.get(key)
            if is_missing(v):
                continue
            unit = ind.INDICATORS[key]["unit"] if key in ind.INDICATORS else "people"
            origin = mapstyle.ORIGIN_WORDS.get(row.get(f"{key}_origin"))
            how = row.get(f"{key}_how")
            text = f"- {lab.id} **{mapview.fmt_value(v, unit)}**"
            if origin:
                text += f" — {origin.id} · *{origin.en}*"
            if _is_text(how) and row.get(f"{key}_origin") != "stated":
                text += f": {widgets.md_plain(how)}"
            lines.append(text)
        if not is_missing(row.get("population")):
            note = row.get("population_note")
            lines.append(f"- {POPULATION.id} **{fmt_people(row['population'])}**"
                         + (f" — {widgets.md_plain(note)}" if _is_text(note) else ""))
        st.markdown("\n".join(lines))
        if row.get("population_source") == "reference":
            notice = ind.reference_population_notice(used)
            if notice is not None:
                st.warning(f"{notice.id}  \n*{notice.en}*")
        info = store.info(state.dataset) or {}
        file_name = info.get("file_name")
        stm = S.statements(store, digest, state.dataset, row.get("code"), used)
        if stm is not None and len(stm):
            st.markdown(f"**{STATED_FIGURES.id}** · *{STATED_FIGURES.en}*")
            groups: dict = {}
            for r in stm.to_dict("records"):
                k = (r.get("source_name"), r.get("source_date"), r.get("source_url"), r.get("quote"))
                groups.setdefault(k, []).append(r)
            for (name, date, url, quote), figs in groups.items():
                out = []
                for r in figs:
                    what = MEASURE_WORDS.get(r.get("measure"))
                    defn = _definition_words(r.get("definition")) if r.get("definition") != "count" else ""
                    qual = f" ({widgets.md_plain(r['qualifier'])})" if _is_text(r.get("qualifier")) else ""
                    fr = _file_row(file_name, r.get("row_no"))
                    out.append(f"- **{widgets.md_plain(r.get('value_text') or r.get('value'))}**{qual} — "
                               f"{what.both() if what else widgets.md_plain(r.get('measure'))}"
                               + (f"; {DEFINITION.id} · *{DEFINITION.en}*: {defn}" if defn else "")
                               + (f"; {fr}" if fr else ""))
                if _is_text(quote):
                    out.append("\n> " + widgets.md_plain(quote).replace("\n", " "))
                src = _source_md(name, date, url)
                out.append(f"\n{SOURCE.both()}: {src if src else NO_LINK.both()}")
                st.markdown("\n".join(out), unsafe_allow_html=True)
        else:
            out = []
            if _is_text(row.get("quote")):
                out.append("> " + widgets.md_plain(row["quote"]).replace("\n", " "))
            src = _source_md(mapstyle.source_with_date(row), None, row.get("source_url"))
            fr = _file_row(file_name, row.get("row_no"))
            out.append(f"{SOURCE.both()}: {src or NO_LINK.both()}" + (f" · {fr}" if fr else ""))
            st.markdown("\n\n".join(out), unsafe_allow_html=True)
        if _is_text(row.get("note")):
            st.caption(f"{NOTE.both()}: " + widgets.md_plain(row["note"]))


def _jump_to_regions_with_data(table, indicator: str, meta: dict) -> None:
    """When only a few regions have figures (e.g. published figures quoted in the news), list
    them as buttons that open them, so nobody has to hunt for the coloured shapes."""
    rows = table[table[indicator].notna()]
    if not 0 < len(rows) <= FEW_WITH_DATA:
        return
    st.caption(WITH_FIGURES.both())
    for r in rows.sort_values("name").to_dict("records"):
        st.button(f"{r['name']} · {mapview.fmt_value(r[indicator], meta['unit'])}", key=f"jkn_have_{r['code']}",
                  on_click=set_region, args=(r["code"],))


def _status_counts(table) -> None:
    if "status" not in table.columns:
        return
    counts = table["status"].value_counts(dropna=False)
    lines = [f"- {lab['label_id']}: **{int(counts.get(key, 0))}**" for key, lab in ind.STATUS_LABELS.items()]
    lines.append(f"- {NA_ID}: **{int(table['status'].isna().sum())}**")
    st.markdown("\n".join(lines))


def ranking(table, state, meta, view) -> None:
    """The compact table under the map: name, value, gap, cost (sortable), with its totals; the
    view's target filter (set on Peringkat) applies here too."""
    # lazy: built (and the table bundle loaded in the browser) only when opened
    exp = st.expander(f"Tabel: nilai, kekurangan, biaya · table: value, gap, cost ({len(table)} "
                      f"{LEVEL_LABELS[view.level].id.lower()})",
                      key=RANKING_KEY, on_change="rerun")
    if not exp.open:
        return
    with exp:
        cols = list(dict.fromkeys(["name", state.indicator, "to_enrol", "gap_cost_rp", "coverage_pct",
                                   "activity_pct", "registered", "population", "code"]))
        df = table.sort_values(state.indicator, ascending=not meta.get("higher_is_better", True),
                               na_position="last", kind="stable")
        if state.filter:
            df = df[analysis.below_target(df, state.filter, float(COVERAGE_TARGETS[state.coverage_target]),
                                          float(state.activity_target))]
        t = analysis.totals(df)
        only = f"{FILTER_WORDS[state.filter].id} · " if state.filter else ""
        st.caption(f"{only}{len(df)} {LEVEL_LABELS[view.level].id.lower()} · {TOTAL.id}: "
                   f"{fmt_int(t['to_enrol'], na=NA_ID)} jiwa perlu didaftarkan, {fmt_rp(t['gap_cost_rp'], na=NA_ID)} "
                   f"setahun · *{TOTAL.en}* · klik judul kolom untuk mengurutkan · click a header to sort")
        tables.show_table(df, cols, key="jkn_rank_table", pinned=("name",), max_height=420)
