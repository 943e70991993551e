"""Classes around the targets, quantiles, equal intervals, natural breaks, palettes."""
import math

import pytest

from jkn_geo.analysis import classify as C


def test_coverage_target_classes_default_98():
    cls = C.classify([85, 91, 96, 98, 99.5], unit="pct", scheme="target", target=98.0, target_kind="coverage")
    assert cls.breaks == [90.0, 95.0, 98.0]
    assert cls.labels_id == ["< 90 %", "90 – 95 %", "95 – 98 %", "≥ 98 %"]
    assert [cls.index(v) for v in (85, 90, 94.99, 95, 97.99, 98, 99.5)] == [0, 1, 1, 2, 2, 3, 3]
    assert cls.target_class == 3


@pytest.mark.parametrize("target,breaks", [(98.6, [90.0, 95.0, 98.6]), (95.0, [85.0, 90.0, 95.0])])
def test_coverage_target_variants(target, breaks):
    cls = C.classify([90], scheme="target", target=target, target_kind="coverage")
    assert cls.breaks == breaks
    assert cls.index(target) == 3 and cls.index(target - 0.01) == 2


def test_activity_target_classes():
    cls = C.classify([50, 65, 75, 85], scheme="target", target=80.0, target_kind="activity")
    assert cls.breaks == [60.0, 70.0, 80.0]
    assert cls.labels_en == ["< 60 %", "60 – 70 %", "70 – 80 %", "≥ 80 %"]


def test_diverging_palette_changes_side_at_target():
    cls = C.classify([80, 99], scheme="target", target=98.0, target_kind="coverage", palette="BrBG")
    warm = set(C.palette_colors("BrBG", 6)[:3])
    cool = set(C.palette_colors("BrBG", 6)[3:])
    assert set(cls.colors[:3]) <= warm and cls.colors[3] in cool
    assert len(set(cls.colors)) == 4


def test_missing_values_are_no_class_never_zero():
    cls = C.classify([90, None, float("nan"), 99], scheme="target", target=98, target_kind="coverage")
    assert cls.index(None) is None and cls.index(float("nan")) is None and cls.index("x") is None
    assert cls.color(None) is None
    assert cls.index(0) == 0  # a real zero is a value, in the lowest class


def test_quantiles_split_evenly_and_ignore_nan():
    vals = list(range(1, 101)) + [math.nan]
    cls = C.classify(vals, unit="pct", scheme="quantile", k=4)
    assert cls.breaks == [25.8, 50.5, 75.2]
    counts = [0] * cls.n
    for v in vals[:-1]:
        counts[cls.index(v)] += 1
    assert max(counts) - min(counts) <= 1


def test_equal_intervals():
    cls = C.classify([0, 50, 100], unit="pct", scheme="equal", k=4)
    assert cls.breaks == [25.0, 50.0, 75.0]
    assert cls.n == 4 and len(cls.colors) == 4 and len(cls.labels_id) == 4


def test_natural_breaks_fall_in_the_gaps():
    vals = [1, 2, 3, 4, 20, 21, 22, 23, 60, 61, 62, 63, None, math.nan]
    cls = C.classify(vals, unit="pct", scheme="natural", k=3)
    assert cls.scheme == "natural" and cls.n == 3
    assert cls.breaks == [12.0, 41.5]                  # halfway across each gap
    assert [cls.index(v) for v in (1, 4, 20, 23, 60, 63)] == [0, 0, 1, 1, 2, 2]
    assert cls.labels_en == ["< 12 %", "12 – 41.5 %", "≥ 41.5 %"]


def test_natural_breaks_counts_and_few_distinct_values():
    people = [10, 12, 15, 1000, 1002, 1005, 250_000, 250_002, 250_005]   # three tight groups
    br = C.natural_breaks(people, k=3, unit="people")
    assert len(br) == 2 and 15 < br[0] < 1000 and 1005 < br[1] < 250_000
    # a break never leaves its gap when it is rounded: 250.000 and 255.000 stay apart
    cls = C.classify([0, 1, 2, 250_000, 255_000], unit="people", scheme="natural", k=3)
    assert cls.index(250_000) != cls.index(255_000) and cls.index(2) != cls.index(250_000)
    assert C.natural_breaks([5, 5, 7, 7], k=5, unit="pct") == [6.0]   # two values: one break between them
    assert C.natural_breaks([], k=5) == [] and C.natural_breaks([3, 3], k=5) == []


def test_natural_breaks_on_many_values_is_quick_and_deterministic():
    import random
    import time

    rnd = random.Random(7)
    vals = [rnd.choice((rnd.gauss(60, 3), rnd.gauss(85, 2), rnd.gauss(97, 1))) for _ in range(7300)]
    t0 = time.perf_counter()
    a = C.classify(vals, scheme="natural", k=3)
    assert time.perf_counter() - t0 < 5
    assert a.breaks == C.classify(vals, scheme="natural", k=3).breaks
    assert a.n == 3 and 60 < a.breaks[0] < 85 < a.breaks[1] < 97


def test_constant_and_empty_values_give_one_class():
    for vals in ([], [7.0, 7.0]):
        for scheme in ("quantile", "equal", "natural"):
            cls = C.classify(vals, scheme=scheme)
            assert cls.n == 1 and len(cls.colors) == 1


def test_count_indicator_target_zero_class_and_people_labels():
    vals = [0, 0, 1500, 20_000, 300_000, 6_300_000]
    cls = C.classify(vals, unit="people", scheme="target", target=0.0, higher_is_better=False)
    assert cls.index(0) == 0 and cls.target_class == 0
    assert cls.labels_id[0] == "0"
    assert all(cls.index(v) >= 1 for v in vals if v > 0)
    assert cls.labels_id[-1].startswith("≥ ") and "ribu" in cls.labels_id[-1]
    # the zero class is the "good" colour: it differs from every shortfall class
    assert cls.colors[0] not in cls.colors[1:]


def test_no_target_falls_back_to_quantiles_with_note():
    cls = C.classify([1, 2, 3, 4, 5, 6], scheme="target", target=None)
    assert cls.scheme == "quantile" and cls.notes


def test_rupiah_labels():
    cls = C.classify([0, 1.2e12, 5e11], unit="rp", scheme="equal", k=2)
    assert cls.labels_id[-1].startswith("≥ Rp ")


@pytest.mark.parametrize("pal", [p for p in C.PALETTES if p != "auto"])
@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 7])
def test_palettes_give_n_distinct_hex_colours(pal, n):
    cols = C.palette_colors(pal, n)
    assert len(cols) == n and len(set(cols)) == n
    assert all(c.startswith("#") and len(c) == 7 for c in cols)


def test_sequential_palettes_get_darker():
    def lum(h):
        r, g, b = (int(h[i:i + 2], 16) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    for pal in C.SEQUENTIAL:
        cols = C.palette_colors(pal, 5)
        assert lum(cols[0]) > lum(cols[-1]), pal


def test_bad_scheme_or_palette_raise():
    with pytest.raises(ValueError):
        C.classify([1], scheme="jenks")
    with pytest.raises(ValueError):
        C.classify([1], palette="rainbow")
