"""The comparison statistics against published textbook values (Newcombe 1998, Tables I and II)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import journeywidgets as jw
from journeywidgets.data.stats import (
    newcombe_interval,
    normal_cdf,
    normal_quantile,
    small_sample,
    two_proportion_p_value,
    wilson_interval,
)

# Newcombe, "Two-sided confidence intervals for the single proportion", Stat. Med. 17 (1998) 857-872,
# Table I, method 3 (Wilson score, no continuity correction)
WILSON = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
]

# Newcombe, "Interval estimation for the difference between independent proportions", Stat. Med. 17 (1998)
# 873-890, Table II, method 10 (hybrid score, no continuity correction); rows (a)-(h)
NEWCOMBE = [
    (56, 70, 48, 80, 0.0524, 0.3339),
    (9, 10, 3, 10, 0.1705, 0.8090),
    (6, 7, 2, 7, 0.0582, 0.8062),
    (5, 56, 0, 29, -0.0381, 0.1926),
    (0, 10, 0, 20, -0.1611, 0.2775),
    (0, 10, 0, 10, -0.2775, 0.2775),
    (10, 10, 0, 20, 0.6791, 1.0000),
    (10, 10, 0, 10, 0.6075, 1.0000),
]


@pytest.mark.parametrize(("x", "n", "low", "high"), WILSON)
def test_wilson_matches_newcombe_table_one(x: int, n: int, low: float, high: float) -> None:
    assert wilson_interval(x, n) == pytest.approx((low, high), abs=5e-5)


@pytest.mark.parametrize("case", NEWCOMBE, ids=lambda c: f"{c[0]}/{c[1]}-{c[2]}/{c[3]}")
def test_newcombe_matches_table_two(case: tuple[int, int, int, int, float, float]) -> None:
    x1, n1, x2, n2, low, high = case
    assert newcombe_interval(x1, n1, x2, n2) == pytest.approx((low, high), abs=5e-5)


def test_the_difference_is_antisymmetric() -> None:
    low, high = newcombe_interval(56, 70, 48, 80)
    assert newcombe_interval(48, 80, 56, 70) == pytest.approx((-high, -low))


def test_z_test_by_hand() -> None:
    # 56/70 vs 48/80: pooled p = 104/150; z = 0.2 / sqrt(p (1 - p) (1/70 + 1/80)) = 2.6502 (the score statistic
    # at difference 0 that GSK's cicalc snapshot prints as 2.65, one-sided p 0.004); two-sided p = 0.00805
    assert two_proportion_p_value(56, 70, 48, 80) == pytest.approx(0.0080451, abs=1e-6)
    # chi-square of the 2x2 table without correction equals z²: for 30/100 vs 20/100, chi2 = 2.6667, p = 0.1025
    assert two_proportion_p_value(30, 100, 20, 100) == pytest.approx(0.102470, abs=1e-5)
    assert two_proportion_p_value(20, 100, 30, 100) == two_proportion_p_value(30, 100, 20, 100)
    assert two_proportion_p_value(5, 10, 5, 10) == 1.0


def test_undefined_values_are_nan() -> None:
    assert all(math.isnan(v) for v in wilson_interval(0, 0))
    assert all(math.isnan(v) for v in newcombe_interval(0, 0, 3, 10))
    assert math.isnan(two_proportion_p_value(0, 10, 0, 20))  # both 0 %: no variance
    assert math.isnan(two_proportion_p_value(10, 10, 20, 20))  # both 100 %
    assert math.isnan(two_proportion_p_value(1, 10, 0, 0))


def test_small_sample_rule() -> None:
    # expected counts: pooled p = 12/20, so 10 * 0.4 = 4 < 5
    assert small_sample(9, 10, 3, 10)
    assert not small_sample(56, 70, 48, 80)  # smallest expected: 70 * 46/150 = 21.5
    assert small_sample(0, 0, 5, 10)
    assert small_sample(1, 200, 1, 200)  # expected converted 1 per group


def test_counts_from_numpy_and_other_levels() -> None:
    assert wilson_interval(np.int64(81), np.int64(263)) == wilson_interval(81, 263)
    assert normal_cdf(0.0) == 0.5
    assert normal_quantile(0.975) == pytest.approx(1.959963984540054, abs=1e-9)
    narrow = wilson_interval(81, 263, confidence=0.9)
    wide = wilson_interval(81, 263)
    assert wide[0] < narrow[0] < narrow[1] < wide[1]
    # by hand, z = 1.644854, z² = 2.705543: centre (81 + z²/2) / (263 + z²) = 0.309940,
    # half-width z sqrt(81 * 182 / 263 + z²/4) / (263 + z²) = 0.046627
    assert narrow == pytest.approx((0.263313, 0.356567), abs=5e-6)


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: wilson_interval(-1, 10), "successes"),
        (lambda: wilson_interval(11, 10), "successes"),
        (lambda: wilson_interval(1.5, 10), "successes"),
        (lambda: wilson_interval(1, True), "n"),
        (lambda: wilson_interval(1, 10, confidence=95), "confidence"),
        (lambda: newcombe_interval(1, 10, 2, 10, confidence=0), "confidence"),
        (lambda: two_proportion_p_value(3, 2, 1, 2), "successes"),
        (lambda: normal_quantile(1.0), "confidence"),
    ],
)
def test_bad_arguments_name_the_argument(call: object, path: str) -> None:
    with pytest.raises(jw.FunnelDefinitionError) as raised:
        call()  # type: ignore[operator]
    assert raised.value.path == path
