"""The built-in event log that matches :func:`~journeywidgets.sample_journey`.

A deterministic, realistic online-shop log: users arrive from ads, search, email
or price-comparison sites, browse, compare, buy, receive the order, use it,
review it and refer friends, dropping out along the way at rates that depend on
who they are. It has what real logs have: repeated events, noise events between
the funnel events, users who enter mid-funnel, returning visits, a few equal
timestamps and rows out of time order.

Example:
    >>> from journeywidgets import sample_events
    >>> log = sample_events(n_users=200, seed=1)
    >>> sorted(log.columns)[:4]
    ['acquisition_channel', 'age_band', 'channel', 'device']
    >>> log["user_id"].nunique() <= 200
    True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: The funnel events, in journey order, with the median gap (seconds) before each.
FUNNEL_EVENTS: tuple[tuple[str, float], ...] = (
    ("ad_click", 0.0),
    ("landing_view", 4.0),
    ("product_view", 45.0),
    ("compare_plans", 150.0),
    ("add_to_cart", 420.0),
    ("checkout_completed", 200.0),
    ("order_delivered", 2.5 * 86_400),
    ("first_use", 5 * 3_600),
    ("review_submitted", 4 * 86_400),
    ("referral_sent", 86_400),
)
#: Events that happen between funnel events and mark no stage.
NOISE_EVENTS = ("search", "page_view", "support_contact", "newsletter_open")

_CONTINUE = np.array([0.92, 0.78, 0.55, 0.62, 0.58, 0.95, 0.85, 0.35, 0.45])
_DEVICES = np.array(["mobile", "desktop", "tablet"])
_AGE_BANDS = np.array(["18-24", "25-34", "35-44", "45-54", "55+"])
_ACQUISITION = np.array(["social", "search", "email", "price_comparison", "referral"])
_CHANNELS = np.array(["social", "search", "email", "price_comparison", "referral", "web", "app", "delivery", "product"])
_EVENTS = np.array([name for name, _ in FUNNEL_EVENTS] + list(NOISE_EVENTS))
_START = np.datetime64("2026-01-05T00:00:00", "us")
_SPAN_DAYS = 60
_MOBILE, _AGE_25_34, _PRICE_COMPARISON = 0, 1, 3


def _code(names: np.ndarray, name: str) -> int:
    return int(np.flatnonzero(names == name)[0])


def _user_attributes(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Per-user attributes, as codes into the arrays above (and a count of earlier orders)."""
    return {
        "device": rng.choice(len(_DEVICES), n, p=[0.56, 0.37, 0.07]),
        "age_band": rng.choice(len(_AGE_BANDS), n, p=[0.18, 0.31, 0.24, 0.16, 0.11]),
        "acquisition_channel": rng.choice(len(_ACQUISITION), n, p=[0.34, 0.27, 0.12, 0.17, 0.10]),
        "orders_before": np.minimum(rng.geometric(0.45, n) - 1, 12),
    }


def _continue_probabilities(attrs: dict[str, np.ndarray]) -> np.ndarray:
    """Per user and funnel step, the chance of going on to the next event."""
    p = np.tile(_CONTINUE, (len(attrs["device"]), 1))
    mobile_young = (attrs["device"] == _MOBILE) & (attrs["age_band"] == _AGE_25_34)
    p[mobile_young, 4] *= 0.7  # checkout on a phone: the form is painful
    price_hunter = attrs["acquisition_channel"] == _PRICE_COMPARISON
    p[price_hunter, 2] = np.minimum(p[price_hunter, 2] * 1.5, 0.97)  # they compare...
    p[price_hunter, 3:5] *= 0.6  # ...and often leave for a cheaper offer
    loyal = attrs["orders_before"] >= 3
    p[loyal, 3:6] = np.minimum(p[loyal, 3:6] * 1.3, 0.97)
    p[loyal, 7:] = np.minimum(p[loyal, 7:] * 1.4, 0.95)
    return p


def _funnel_rows(rng: np.random.Generator, attrs: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
    """Users' funnel events: (user, step, seconds since the user's first event)."""
    n = len(attrs["device"])
    steps = len(FUNNEL_EVENTS)
    # most users arrive through an ad; others land directly or mid-funnel
    start = np.zeros(n, dtype=np.int64)
    direct = (attrs["acquisition_channel"] != 0) & (rng.random(n) < 0.35)
    start[direct] = rng.choice([1, 2], direct.sum(), p=[0.6, 0.4])
    goes_on = rng.random((n, steps - 1)) < _continue_probabilities(attrs)
    goes_on[np.arange(steps - 1)[None, :] < start[:, None]] = True
    stops = np.where(~goes_on, np.arange(steps - 1)[None, :], steps - 1).min(axis=1)
    present = (np.arange(steps)[None, :] >= start[:, None]) & (np.arange(steps)[None, :] <= stops[:, None])
    medians = np.array([gap for _, gap in FUNNEL_EVENTS])
    gaps = np.rint(medians[None, :] * rng.lognormal(0.0, 0.6, (n, steps)))
    gaps[:, 0] = 0
    gaps[~present] = 0
    # one checkout in fifty lands in the same second as its add-to-cart (ties happen)
    gaps[rng.random(n) < 0.02, 5] = 0
    offsets = np.cumsum(gaps, axis=1)
    user, step = np.nonzero(present)
    return user, step, offsets[user, step]


def _repeats(
    rng: np.random.Generator, user: np.ndarray, step: np.ndarray, offset: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Extra product views (people browse several products) and returning ad clicks."""
    browsing = step == 2
    extra = rng.poisson(1.2, browsing.sum())
    rep_user = np.repeat(user[browsing], extra)
    rep_offset = np.repeat(offset[browsing], extra) + np.rint(rng.exponential(60.0, extra.sum()) + 1)
    returning = (step == 0) & (rng.random(len(step)) < 0.12)
    back_offset = offset[returning] + np.rint(rng.exponential(6 * 86_400, returning.sum()) + 3_600)
    return (
        np.concatenate([user, rep_user, user[returning]]),
        np.concatenate([step, np.full(len(rep_user), 2), np.zeros(returning.sum(), dtype=np.int64)]),
        np.concatenate([offset, rep_offset, back_offset]),
    )


def _noise(
    rng: np.random.Generator, n: int, user: np.ndarray, offset: np.ndarray, rate: float
) -> tuple[np.ndarray, ...]:
    """Events that mark no stage, spread over each user's journey."""
    span = np.zeros(n)
    np.maximum.at(span, user, offset)
    count = rng.poisson(rate, n)
    noise_user = np.repeat(np.arange(n), count)
    noise_offset = np.rint(rng.random(len(noise_user)) * (span[noise_user] + 600))
    return noise_user, rng.choice(len(NOISE_EVENTS), len(noise_user)) + len(FUNNEL_EVENTS), noise_offset


def _touch_channel(
    rng: np.random.Generator, event: np.ndarray, device: np.ndarray, acquisition: np.ndarray
) -> np.ndarray:
    """Codes into ``_CHANNELS`` of the channel each event happened in."""
    app = (device == _MOBILE) & (rng.random(len(event)) < 0.55)
    channel = np.where(app, _code(_CHANNELS, "app"), _code(_CHANNELS, "web"))
    channel = np.where(event == _code(_EVENTS, "ad_click"), acquisition, channel)  # same order as _ACQUISITION
    fixed = {
        "order_delivered": "delivery",
        "first_use": "product",
        "review_submitted": "email",
        "newsletter_open": "email",
        "referral_sent": "social",
    }
    for name, value in fixed.items():
        channel = np.where(event == _code(_EVENTS, name), _code(_CHANNELS, value), channel)
    return channel


def _satisfaction(rng: np.random.Generator, event: np.ndarray, orders_before: np.ndarray) -> np.ndarray:
    surveyed = np.isin(event, [_code(_EVENTS, e) for e in ("order_delivered", "first_use", "review_submitted")])
    support = event == _code(_EVENTS, "support_contact")
    asked = (surveyed | support) & (rng.random(len(event)) < 0.6)
    mood = np.where(support, 2.6, 3.9) + np.where(orders_before >= 3, 0.4, 0.0)
    score = np.clip(np.rint(rng.normal(mood, 0.9)), 1, 5)
    return np.where(asked, score, np.nan)


def _text(values: np.ndarray, codes: np.ndarray) -> pd.Series:
    """A text column built by taking from its distinct values (much faster than converting every row)."""
    column: pd.Series = pd.Series(values).take(codes).reset_index(drop=True)
    return column


def sample_events(n_users: int = 5_000, *, seed: int = 7, noise_per_user: float = 1.5) -> pd.DataFrame:
    """Return the sample event log (a pandas DataFrame) that goes with ``sample_journey()``.

    One row per event, with the default column names of :func:`funnel` and
    :meth:`Journey.bind <journeywidgets.Journey.bind>`: ``user_id``, ``timestamp``
    (UTC) and ``event``; per-user attributes that the sample personas' segments
    filter on (``device``, ``age_band``, ``acquisition_channel``,
    ``orders_before``); the touchpoint ``channel`` of each event; a 1-5
    ``satisfaction`` score on surveyed events; and ``revenue`` on checkouts.
    ``noise_per_user`` is the mean number of events per user that mark no stage
    (searches, page views, support contacts). The same arguments always give the
    same log.

    Args:
        n_users: how many users the log has.
        seed: the random seed.
        noise_per_user: the mean number of events per user that mark no stage.

    Returns:
        The event log, a pandas DataFrame with one row per event.

    Example:
        >>> log = sample_events(n_users=50, seed=3)
        >>> list(log.columns)[:3], str(log["timestamp"].dt.tz)
        (['user_id', 'timestamp', 'event'], 'UTC')
        >>> log.equals(sample_events(n_users=50, seed=3))
        True
    """
    if isinstance(n_users, bool) or not isinstance(n_users, int) or n_users < 1:
        raise ValueError(f"sample_events: n_users must be a positive integer, got {n_users!r}")
    if not noise_per_user >= 0:
        raise ValueError(f"sample_events: noise_per_user must be zero or more, got {noise_per_user!r}")
    rng = np.random.default_rng(seed)
    attrs = _user_attributes(rng, n_users)
    user, event, offset = _repeats(rng, *_funnel_rows(rng, attrs))
    noise_user, noise_event, noise_offset = _noise(rng, n_users, user, offset, noise_per_user)
    user = np.concatenate([user, noise_user])
    event = np.concatenate([event, noise_event])
    offset = np.concatenate([offset, noise_offset])

    first_seen = _START + (rng.random(n_users) * _SPAN_DAYS * 86_400e6).astype("timedelta64[us]")
    timestamp = first_seen[user] + (offset * 1e6).astype("timedelta64[us]")
    order = np.argsort(timestamp, kind="stable")
    # logs arrive mostly, not perfectly, in time order: a few rows come late
    late = rng.random(len(order)) < 0.03
    order = np.concatenate([order[~late], rng.permutation(order[late])])
    user, event, timestamp = user[order], event[order], timestamp[order]

    switched = rng.random(len(user)) < 0.08  # some events come from another device
    device = np.where(switched, rng.integers(0, len(_DEVICES), len(user)), attrs["device"][user])
    acquisition = attrs["acquisition_channel"][user]
    orders_before = attrs["orders_before"][user].astype("int64")
    checkout = event == _code(_EVENTS, "checkout_completed")
    revenue = np.where(checkout, np.round(rng.lognormal(4.0, 0.5, len(user)), 2), np.nan)
    user_ids = np.char.add("u", np.char.zfill(np.arange(n_users).astype(str), len(str(n_users - 1))))
    log: pd.DataFrame = pd.DataFrame(
        {
            "user_id": _text(user_ids, user),
            "timestamp": pd.DatetimeIndex(timestamp).tz_localize("UTC"),
            "event": _text(_EVENTS, event),
            "device": _text(_DEVICES, device),
            "age_band": _text(_AGE_BANDS, attrs["age_band"][user]),
            "acquisition_channel": _text(_ACQUISITION, acquisition),
            "orders_before": orders_before,
            "channel": _text(_CHANNELS, _touch_channel(rng, event, device, acquisition)),
            "satisfaction": _satisfaction(rng, event, orders_before),
            "revenue": revenue,
        }
    )
    return log
