"""Statistics for comparing conversion rates: Wilson and Newcombe intervals, the two-proportion z-test.

Plain formulas over counts (no scipy): the normal distribution comes from
:func:`math.erfc`, its quantile from bisection on it.

- :func:`wilson_interval`: the Wilson score interval for one proportion, without
  continuity correction (Wilson 1927; Newcombe 1998a, method 3).
- :func:`newcombe_interval`: Newcombe's hybrid score interval for a difference of two
  independent proportions ``p1 - p2`` (Newcombe 1998b, method 10): it combines the two
  Wilson intervals, stays inside [-1, 1] and behaves at 0 % and 100 %.
- :func:`two_proportion_p_value`: the two-sided p-value of the pooled two-proportion
  z-test (equal to Pearson's chi-square test of the 2x2 table without continuity
  correction: z² is the chi-square statistic).
- :func:`small_sample`: the rule of thumb under which the z-test's normal approximation
  is doubtful: some *expected* count of the 2x2 table (group size times the pooled
  proportion, or times its complement) is below 5 (Cochran's rule for chi-square tests),
  or a group is empty.

Undefined values are NaN: an interval of an empty group, and the p-value when both
groups convert at 0 % or both at 100 % (the test's standard error is 0).

Sources: R. G. Newcombe, "Two-sided confidence intervals for the single proportion:
comparison of seven methods", Statistics in Medicine 17 (1998) 857-872, Table I; and
"Interval estimation for the difference between independent proportions: comparison of
eleven methods", Statistics in Medicine 17 (1998) 873-890, Table II. The tests check
both tables' published values.

Example:
    >>> [round(v, 4) for v in wilson_interval(81, 263)]
    [0.2553, 0.3662]
    >>> [round(v, 4) for v in newcombe_interval(56, 70, 48, 80)]
    [0.0524, 0.3339]
    >>> round(two_proportion_p_value(56, 70, 48, 80), 4)
    0.008
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from journeywidgets.data.errors import FunnelDefinitionError

#: the smallest expected count of the 2x2 table for which the z-test is trusted
MIN_EXPECTED = 5.0
_Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution


def normal_cdf(z: float) -> float:
    """The standard normal distribution function Φ(z).

    Args:
        z: the value.

    Returns:
        P(Z <= z) for a standard normal Z.

    Example:
        >>> round(normal_cdf(1.959963984540054), 6)
        0.975
    """
    return 0.5 * math.erfc(-z / math.sqrt(2.0))


def normal_quantile(p: float) -> float:
    """The standard normal quantile Φ⁻¹(p), by bisection on :func:`normal_cdf` (exact to about 1e-12).

    Args:
        p: a probability strictly between 0 and 1.

    Returns:
        The z with Φ(z) = p.

    Raises:
        FunnelDefinitionError: when ``p`` is not strictly between 0 and 1.

    Example:
        >>> round(normal_quantile(0.975), 6)
        1.959964
    """
    if not (isinstance(p, int | float) and not isinstance(p, bool) and 0.0 < p < 1.0):
        raise FunnelDefinitionError(f"a probability must be strictly between 0 and 1, got {p!r}", path="confidence")
    low, high = -40.0, 40.0
    for _ in range(200):
        middle = (low + high) / 2
        if normal_cdf(middle) < p:
            low = middle
        else:
            high = middle
        if high - low < 1e-13:  # noqa: PLR2004 - the bisection's tolerance
            break
    return (low + high) / 2


def _z(confidence: float) -> float:
    if isinstance(confidence, bool) or not isinstance(confidence, int | float) or not 0.0 < confidence < 1.0:
        msg = f"confidence must be a level strictly between 0 and 1 such as 0.95, got {confidence!r}"
        raise FunnelDefinitionError(msg, path="confidence")
    if confidence == 0.95:  # noqa: PLR2004 - the usual level, without the bisection
        return _Z95
    return normal_quantile(0.5 + confidence / 2)


def _counts(successes: int, n: int, *, name: str = "successes") -> None:
    for label, value in ((name, successes), ("n", n)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise FunnelDefinitionError(f"{label} must be a count (an integer >= 0), got {value!r}", path=label)
    if successes > n:
        raise FunnelDefinitionError(f"{name} ({successes}) cannot exceed n ({n})", path=name)


def _as_count(value: Any) -> Any:
    """Counts read from a dataframe (numpy integers) as Python ints; anything else unchanged."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool | int):
        return int(value)
    return value


def wilson_interval(successes: int, n: int, *, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval for a proportion ``successes / n`` (no continuity correction).

    Args:
        successes: how many of the ``n`` converted.
        n: the group's size.
        confidence: the confidence level (0.95 for a 95 % interval).

    Returns:
        ``(lower, upper)``, inside [0, 1]; ``(nan, nan)`` when ``n`` is 0.

    Raises:
        FunnelDefinitionError: for a negative or non-integer count, ``successes > n``, or a bad ``confidence``.

    Example:
        >>> [round(v, 4) for v in wilson_interval(0, 20)]
        [0.0, 0.1611]
    """
    successes, n = _as_count(successes), _as_count(n)
    _counts(successes, n)
    z = _z(confidence)
    if n == 0:
        return math.nan, math.nan
    z2 = z * z
    center = (successes + z2 / 2) / (n + z2)
    half = z * math.sqrt(successes * (n - successes) / n + z2 / 4) / (n + z2)
    lower = 0.0 if successes == 0 else max(0.0, center - half)
    upper = 1.0 if successes == n else min(1.0, center + half)
    return lower, upper


def newcombe_interval(
    successes_1: int, n_1: int, successes_2: int, n_2: int, *, confidence: float = 0.95
) -> tuple[float, float]:
    """Newcombe's hybrid score interval for the difference ``p1 - p2`` of two independent proportions.

    Method 10 of Newcombe (1998): with Wilson intervals ``(l1, u1)`` and ``(l2, u2)``,
    ``lower = d - sqrt((p1 - l1)² + (u2 - p2)²)`` and ``upper = d + sqrt((u1 - p1)² + (p2 - l2)²)``.

    Args:
        successes_1: conversions in group 1.
        n_1: size of group 1.
        successes_2: conversions in group 2.
        n_2: size of group 2.
        confidence: the confidence level.

    Returns:
        ``(lower, upper)`` inside [-1, 1]; ``(nan, nan)`` when a group is empty.

    Raises:
        FunnelDefinitionError: for bad counts or a bad ``confidence``.

    Example:
        >>> [round(v, 4) for v in newcombe_interval(9, 10, 3, 10)]
        [0.1705, 0.809]
    """
    low_1, high_1 = wilson_interval(successes_1, n_1, confidence=confidence)
    low_2, high_2 = wilson_interval(successes_2, n_2, confidence=confidence)
    if n_1 == 0 or n_2 == 0:
        return math.nan, math.nan
    p_1, p_2 = successes_1 / n_1, successes_2 / n_2
    difference = p_1 - p_2
    lower = difference - math.sqrt((p_1 - low_1) ** 2 + (high_2 - p_2) ** 2)
    upper = difference + math.sqrt((high_1 - p_1) ** 2 + (p_2 - low_2) ** 2)
    return max(-1.0, lower), min(1.0, upper)


def two_proportion_p_value(successes_1: int, n_1: int, successes_2: int, n_2: int) -> float:
    """The two-sided p-value of the pooled two-proportion z-test of ``p1 = p2``.

    ``z = (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2))`` with the pooled proportion ``p``;
    the same as Pearson's chi-square test of the 2x2 table without continuity correction.

    Args:
        successes_1: conversions in group 1.
        n_1: size of group 1.
        successes_2: conversions in group 2.
        n_2: size of group 2.

    Returns:
        The p-value; NaN when a group is empty or both convert at 0 % or both at 100 %.

    Raises:
        FunnelDefinitionError: for bad counts.

    Example:
        >>> two_proportion_p_value(5, 10, 5, 10)
        1.0
    """
    successes_1, n_1 = _as_count(successes_1), _as_count(n_1)
    successes_2, n_2 = _as_count(successes_2), _as_count(n_2)
    _counts(successes_1, n_1)
    _counts(successes_2, n_2)
    if n_1 == 0 or n_2 == 0:
        return math.nan
    pooled = (successes_1 + successes_2) / (n_1 + n_2)
    error = math.sqrt(pooled * (1 - pooled) * (1 / n_1 + 1 / n_2))
    if error == 0:
        return math.nan
    z = (successes_1 / n_1 - successes_2 / n_2) / error
    return min(1.0, math.erfc(abs(z) / math.sqrt(2.0)))


def small_sample(successes_1: int, n_1: int, successes_2: int, n_2: int) -> bool:
    """Whether the 2x2 table is too small for the z-test: an expected count below 5, or an empty group.

    Expected counts are each group's size times the pooled proportion (converted) and
    times its complement (not converted), as in Cochran's rule for chi-square tests.

    Args:
        successes_1: conversions in group 1.
        n_1: size of group 1.
        successes_2: conversions in group 2.
        n_2: size of group 2.

    Returns:
        True when the normal approximation is doubtful.

    Raises:
        FunnelDefinitionError: for bad counts.

    Example:
        >>> small_sample(56, 70, 48, 80), small_sample(9, 10, 3, 10)
        (False, True)
    """
    successes_1, n_1 = _as_count(successes_1), _as_count(n_1)
    successes_2, n_2 = _as_count(successes_2), _as_count(n_2)
    _counts(successes_1, n_1)
    _counts(successes_2, n_2)
    if n_1 == 0 or n_2 == 0:
        return True
    pooled = (successes_1 + successes_2) / (n_1 + n_2)
    expected = [n * share for n in (n_1, n_2) for share in (pooled, 1 - pooled)]
    return min(expected) < MIN_EXPECTED


__all__ = [
    "MIN_EXPECTED",
    "newcombe_interval",
    "normal_cdf",
    "normal_quantile",
    "small_sample",
    "two_proportion_p_value",
    "wilson_interval",
]
