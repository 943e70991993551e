"""URL query ↔ view state, drill-down transitions, click handling."""
import pytest

from jkn_geo.render import viewstate as V

PERIODS = ["2025-01", "2025-02", "2025-03", "2025-06"]
CODES = {"18", "18.71", "18.71.01", "35", "35.07"}


@pytest.fixture()
def ctx():
    return V.ViewContext(datasets={"angka-terbit": PERIODS, "demo-sintetis": ["2024-12"], "kosong": []},
                         default_dataset="angka-terbit",
                         indicators=("coverage_pct", "activity_pct", "to_enrol"),
                         region_exists=lambda c: c in CODES)


def test_empty_query_gives_defaults_and_no_notice(ctx):
    state, notices = V.parse_query({}, ctx)
    assert notices == []
    assert state == V.ViewState(dataset="angka-terbit", indicator="coverage_pct", period="2025-06")
    assert V.to_query(state, ctx) == {}


def test_round_trip_every_field(ctx):
    state = V.ViewState(dataset="demo-sintetis", indicator="to_enrol", period="2024-12", region="18.71",
                        scheme="quantile", palette="PuOr", coverage_target="98.6", basemap=True)
    q = V.to_query(state, ctx)
    assert q["ds"] == "demo-sintetis" and q["reg"] == "18.71" and q["tgt"] == "98.6" and q["bm"] == "1"
    back, notices = V.parse_query(q, ctx)
    assert notices == [] and back == state


def test_list_values_as_streamlit_gives_them(ctx):
    state, notices = V.parse_query({"ind": ["activity_pct"], "reg": ["18"]}, ctx)
    assert not notices and state.indicator == "activity_pct" and state.region == "18"


@pytest.mark.parametrize("key,value", [
    ("ds", "nope"), ("ind", "coverage"), ("per", "2025-13"), ("per", "juli"), ("reg", "99"),
    ("reg", "<script>"), ("cls", "jenks"), ("pal", "rainbow"), ("tgt", "97"), ("bm", "yes"),
    ("tol", "5"), ("tol", "-3"), ("tol", "12<b>"),
])
def test_bad_values_fall_back_with_notice(ctx, key, value):
    state, notices = V.parse_query({key: value}, ctx)
    default, _ = V.parse_query({}, ctx)
    assert state == default
    assert len(notices) == 1 and notices[0].key == key
    assert "bawaan" in notices[0].message_id and "default" in notices[0].message_en


def test_stale_period_goes_to_nearest_with_notice(ctx):
    state, notices = V.parse_query({"per": "2025-05"}, ctx)
    assert state.period == "2025-06"
    assert notices and "terdekat" in notices[0].message_id
    state, _ = V.parse_query({"per": "2019-01"}, ctx)
    assert state.period == "2025-01"


def test_period_is_checked_against_the_chosen_dataset(ctx):
    state, notices = V.parse_query({"ds": "demo-sintetis", "per": "2025-02"}, ctx)
    assert state.dataset == "demo-sintetis" and state.period == "2024-12" and notices


def test_dataset_without_periods(ctx):
    state, notices = V.parse_query({"ds": "kosong", "per": "2025-01"}, ctx)
    assert state.dataset == "kosong" and state.period is None and notices


def test_very_long_value_is_shortened_in_notice(ctx):
    _, notices = V.parse_query({"ind": "x" * 5000}, ctx)
    assert len(notices[0].value) <= 60


def test_share_url(ctx):
    st = V.ViewState(dataset="angka-terbit", indicator="activity_pct", period="2025-06", region="18")
    url = V.share_url("http://host:8501/?old=1", st, ctx)
    assert url == "http://host:8501/?ind=activity_pct&reg=18"
    assert V.share_url("http://host/", V.parse_query({}, ctx)[0], ctx) == "http://host/"


@pytest.fixture()
def kinds_ctx(ctx):
    ctx.dataset_kinds = {"angka-terbit": "published", "demo-sintetis": "demo"}
    return ctx


def test_tolerance_defaults_by_dataset_kind(kinds_ctx):
    state, notices = V.parse_query({}, kinds_ctx)
    assert not notices and state.tolerance == 12          # published figures: closest within 12 months
    assert V.to_query(state, kinds_ctx) == {}             # the default stays out of the URL
    demo, _ = V.parse_query({"ds": "demo-sintetis"}, kinds_ctx)
    assert demo.tolerance == 0 and V.to_query(demo, kinds_ctx) == {"ds": "demo-sintetis"}


@pytest.mark.parametrize("tol", [0, 3, 6])
def test_tolerance_round_trips_in_the_url(kinds_ctx, tol):
    state = V.parse_query({}, kinds_ctx)[0].with_(tolerance=tol)
    q = V.to_query(state, kinds_ctx)
    assert q == {"tol": str(tol)}
    back, notices = V.parse_query(q, kinds_ctx)
    assert not notices and back == state
    assert "tol=" + str(tol) in V.share_url("http://host/", state, kinds_ctx)


def test_tolerance_on_a_dataset_whose_default_is_off(kinds_ctx):
    state, notices = V.parse_query({"ds": "demo-sintetis", "tol": "12"}, kinds_ctx)
    assert not notices and state.tolerance == 12
    assert V.to_query(state, kinds_ctx) == {"ds": "demo-sintetis", "tol": "12"}


LEVEL = {"18": "province", "35": "province", "18.71": "regency", "35.07": "regency", "18.71.01": "district"}
PARENT = {"18": None, "35": None, "18.71": "18", "35.07": "35", "18.71.01": "18.71"}


def mv(region, has_districts):
    return V.map_view(region, LEVEL.__getitem__, PARENT.__getitem__, has_districts)


def test_map_view_drill_down():
    assert mv(None, True) == V.MapView("province", None, None)
    assert mv("18", True) == V.MapView("regency", "18", None)
    assert mv("18.71", True) == V.MapView("district", "18.71", None)
    assert mv("18.71", False) == V.MapView("regency", "18", "18.71")
    assert mv("18.71.01", True) == V.MapView("district", "18.71", "18.71.01")


def test_back_goes_up_one_level():
    assert V.go_up("18.71.01", PARENT.__getitem__) == "18.71"
    assert V.go_up("18.71", PARENT.__getitem__) == "18"
    assert V.go_up("18", PARENT.__getitem__) is None
    assert V.go_up(None, PARENT.__getitem__) is None


def click(code, count):
    return {"last_object_clicked_popup": code, "last_object_clicked_count": count}


def test_read_click_sequence():
    # first run of the Indonesia view: the component's value is a baseline, not a click
    code, seen = V.read_click(None, "province|None", None, None)
    assert code is None
    code, seen = V.read_click(click("18", 2), "province|None", "province|None", seen)
    assert code == "18"
    # a rerun for another reason returns the same value: not a new click
    code, seen = V.read_click(click("18", 2), "province|None", "province|None", seen)
    assert code is None
    # the view changed (drilled into Lampung): whatever comes back first is stale
    code, seen = V.read_click(click("18", 2), "regency|18", "province|None", seen)
    assert code is None
    # back at Indonesia, the same region clicked again with the same counter value still counts
    code, seen = V.read_click(None, "province|None", "regency|18", seen)
    assert code is None
    code, seen = V.read_click(click("18", 2), "province|None", "province|None", seen)
    assert code == "18"


def test_read_click_same_region_twice_in_one_view_counts_by_counter():
    _, seen = V.read_click(click("18.71", 2), "regency|18", "regency|18", (None, None))
    code, _ = V.read_click(click("18.71", 4), "regency|18", "regency|18", seen)
    assert code == "18.71"


# ---- the pages' fields of the one view (issue 13) ----------------------------------------------
def test_pages_fields_round_trip(ctx):
    state = V.ViewState(dataset="angka-terbit", period="2025-03", region="35", level="district", filter="both",
                        compare="2025-01", regions=("18", "35.07", "ID"), start="2025-02", end="2025-06",
                        activity_target=75.5, pbi=50_000, tolerance=0, statuses=("neither", "both"),
                        show_empty=True)
    q = V.to_query(state, ctx)
    assert q == {"per": "2025-03", "reg": "35", "lvl": "district", "flt": "both", "cmp": "2025-01",
                 "wil": "18,35.07,ID", "t0": "2025-02", "t1": "2025-06", "akt": "75.5", "pbi": "50000",
                 "sts": "neither,both", "kos": "1"}
    back, notices = V.parse_query(q, ctx)
    assert notices == [] and back == state


@pytest.mark.parametrize("key,value", [("lvl", "kelurahan"), ("flt", "all"), ("cmp", "2019-01"), ("t0", "x"),
                                       ("wil", "18,99.99"), ("akt", "120"), ("pbi", "-1"), ("akt", "nan"),
                                       ("sts", "semua"), ("kos", "ya")])
def test_bad_pages_values_fall_back_with_notice(ctx, key, value):
    state, notices = V.parse_query({key: value}, ctx)
    assert [n.key for n in notices] == [key]
    if key == "wil":
        assert state.regions == ("18",)          # the good codes stay
    else:
        assert V.to_query(state, ctx) == {}


def test_another_dataset_drops_the_previous_range_and_compare_period(ctx):
    state = V.ViewState(dataset="angka-terbit", period="2025-03", compare="2025-01", start="2025-01", end="2025-03")
    other = V.with_dataset(state, "demo-sintetis", ctx)
    assert (other.period, other.compare, other.start, other.end) == ("2024-12", None, None, None)
    assert V.normalize(state.with_(dataset="demo-sintetis"), ctx).start is None
