"""The built-in sample journey: an online shop, from first ad to recommending it to a friend.

Used by the demo, the docs and the tests. Its stage event names match the
built-in sample event log, so the sample map can be bound to data as-is.

Example:
    >>> from journeywidgets import sample_journey
    >>> j = sample_journey()
    >>> [s.name for s in j.stages]
    ['Awareness', 'Consideration', 'Purchase', 'Experience', 'Advocacy']
"""

from __future__ import annotations

from journeywidgets.model.entities import LaneKind
from journeywidgets.model.journey import Journey

#: speaker notes per stage, shown below the map in presentation mode
_NOTES = {
    "awareness": "Most people meet us through an ad on the phone; the landing page is slow there.",
    "consideration": "The drop here is the plan comparison: delivery costs appear too late.",
    "purchase": "Forced sign-up and unexplained card declines lose about one buyer in ten.",
    "experience": "Delivery is good; tracking links that expire are the main complaint.",
    "advocacy": "Happy customers would refer friends if the reward were clear.",
}

_STAGES = (
    (
        "awareness",
        "Awareness",
        "Notice the shop and what it offers",
        ("ad_click", "landing_view"),
        (("see-ad", "See an ad", ("ad_click",)), ("land", "Land on the site", ("landing_view",))),
    ),
    (
        "consideration",
        "Consideration",
        "Find the right product at a fair price",
        ("product_view", "compare_plans"),
        (("browse", "Browse products", ("product_view",)), ("compare", "Compare plans", ("compare_plans",))),
    ),
    (
        "purchase",
        "Purchase",
        "Pay quickly and safely",
        ("checkout_completed",),
        (("cart", "Add to cart", ("add_to_cart",)), ("pay", "Pay", ("checkout_completed",))),
    ),
    ("experience", "Experience", "Receive the order and get value from it", ("order_delivered", "first_use"), ()),
    ("advocacy", "Advocacy", "Come back and tell others", ("review_submitted", "referral_sent"), ()),
)

_LANES: tuple[tuple[str, str, LaneKind], ...] = (
    ("actions", "Customer actions", "action"),
    ("touchpoints", "Touchpoints", "touchpoint"),
    ("channels", "Channels", "channel"),
    ("thoughts", "Thoughts", "thought"),
    ("emotions", "Emotions", "emotion"),
    ("pains", "Pain points", "pain_point"),
    ("opportunities", "Opportunities", "opportunity"),
    ("metrics", "Metrics", "metric"),
    ("backstage", "Backstage", "backstage"),
)

# each card: stage id (or "stage/step" to place it on a step), lane id, text, evidence level, channel
_CARDS = (
    ("awareness", "actions", "Scrolls social media on the commute", "observed", ""),
    ("awareness", "actions", "Hears about the shop from a colleague", "reported", ""),
    ("awareness/see-ad", "touchpoints", "Instagram story ad", "data", "social"),
    ("awareness", "touchpoints", "Word of mouth at the office", "reported", "offline"),
    ("awareness", "channels", "Social, search, friends", "data", ""),
    ("awareness", "thoughts", "\u201cIs this another dropshipping site?\u201d", "observed", ""),
    ("awareness/land", "pains", "Ad landing page is slow on 4G (6 s to first paint)", "data", "web"),
    ("awareness", "opportunities", "Lighter landing page for mobile traffic", "inferred", ""),
    ("awareness", "backstage", "Marketing team runs weekly ad sets", "observed", ""),
    ("consideration", "actions", "Compares plans and delivery options", "observed", ""),
    ("consideration", "actions", "Reads reviews on a comparison site", "reported", ""),
    ("consideration/browse", "touchpoints", "Product pages", "data", "web"),
    ("consideration/compare", "touchpoints", "Price comparison site", "data", "partner"),
    ("consideration", "touchpoints", "Visit to the showroom", "observed", "store"),
    ("consideration", "thoughts", "\u201cWhich plan is right for me?\u201d", "observed", ""),
    ("consideration/compare", "pains", "Plan differences are hard to see", "observed", "web"),
    ("consideration", "pains", "Delivery cost shown only at checkout", "data", "web"),
    ("consideration", "opportunities", "Side-by-side plan table with delivery cost", "hypothesis", ""),
    ("purchase", "actions", "Adds to cart and pays", "data", ""),
    ("purchase/pay", "touchpoints", "Checkout", "data", "web"),
    ("purchase", "touchpoints", "Call centre for payment problems", "reported", "phone"),
    ("purchase", "thoughts", "\u201cWhy do I need an account to pay?\u201d", "observed", ""),
    ("purchase", "pains", "Forced account creation", "observed", "web"),
    ("purchase/pay", "pains", "Card declined without a reason", "data", "web"),
    ("purchase", "opportunities", "Guest checkout and wallet payments", "inferred", ""),
    ("purchase", "backstage", "Payment provider fraud rules", "observed", ""),
    ("experience", "actions", "Tracks the parcel, unpacks, first use", "observed", ""),
    ("experience", "touchpoints", "Delivery driver", "observed", "offline"),
    ("experience", "touchpoints", "Packaging and printed guide", "observed", "offline"),
    ("experience", "touchpoints", "Welcome email", "data", "email"),
    ("experience", "thoughts", "\u201cWhere is my parcel?\u201d", "reported", ""),
    ("experience", "pains", "Tracking link expires after two days", "data", "email"),
    ("experience", "opportunities", "Proactive delivery notifications by SMS", "hypothesis", ""),
    ("experience", "backstage", "Warehouse picks and ships within 24 h", "data", ""),
    ("advocacy", "actions", "Writes a review, refers a friend", "data", ""),
    ("advocacy", "touchpoints", "Review request email", "data", "email"),
    ("advocacy", "touchpoints", "Referral programme page", "data", "web"),
    ("advocacy", "thoughts", "\u201cWould my friends like this too?\u201d", "inferred", ""),
    ("advocacy", "pains", "Referral reward is unclear", "reported", "web"),
    ("advocacy", "opportunities", "Show the reward in the delivery email", "hypothesis", ""),
)

# the cards the workshop voted on, coloured like sticky notes: the pain to fix first and the idea chosen for it
_CARD_COLORS = {
    "Forced account creation": "#eb5757",
    "Guest checkout and wallet payments": "#f2c94c",
}

_PERSONAS = (
    {
        "id": "maya",
        "name": "Maya, the busy professional",
        "color": "#4c78a8",
        "description": "Shops on her phone between meetings; values speed over price.",
        "quote": "If it takes more than two minutes, I'll do it later. Or never.",
        "demographics": {"age": "25-34", "location": "Urban", "occupation": "Product manager"},
        "goals": ["Buy in under two minutes", "Reliable delivery dates"],
        "pains": ["Slow mobile pages", "Forced sign-up"],
        "channels": ["Mobile web", "Instagram", "Email"],
        "preferences": ["Wallet payments", "Push notifications"],
        "segment": "device == 'mobile' and age_band == '25-34'",
    },
    {
        "id": "raj",
        "name": "Raj, the deal hunter",
        "color": "#f58518",
        "description": "Compares prices across sites and waits for a discount.",
        "quote": "I never pay full price.",
        "demographics": {"age": "35-44", "location": "Suburban", "occupation": "Teacher"},
        "goals": ["Find the best price", "No hidden costs"],
        "pains": ["Delivery cost shown late", "Coupon field hard to find"],
        "channels": ["Price comparison sites", "Newsletter", "Desktop web"],
        "preferences": ["Coupons", "Free delivery thresholds"],
        "segment": "acquisition_channel == 'price_comparison'",
    },
    {
        "id": "elena",
        "name": "Elena, the loyal regular",
        "color": "#54a24b",
        "description": "Has ordered many times and recommends the shop to friends.",
        "quote": "I tell everyone about it - when it works.",
        "demographics": {"age": "45-54", "location": "Rural", "occupation": "Nurse"},
        "goals": ["Reorder favourites quickly", "Be rewarded for loyalty"],
        "pains": ["Unclear referral reward"],
        "channels": ["Email", "Phone", "Store"],
        "preferences": ["Order history", "Talking to a person"],
        "segment": "orders_before >= 3",
    },
)

# persona -> emotion per stage (researched), on the default -2..+2 scale
_EMOTIONS = {
    "maya": (1, 0, -2, 1, 1),
    "raj": (0, -1, -1, 0, -1),
    "elena": (1, 1, 0, 2, 2),
}

_METRICS = (
    {
        "id": "reach",
        "name": "Users reaching the stage",
        "kind": "reach",
        "aggregation": "unique",
        "unit": "#",
        "description": "Distinct users who reached the stage in order.",
    },
    {
        "id": "conversion",
        "name": "Conversion from previous stage",
        "kind": "conversion",
        "aggregation": "rate",
        "unit": "%",
        "target": 0.4,
        "description": "Share of the previous stage's users who reached this one.",
    },
    {
        "id": "dropoff",
        "name": "Drop-off",
        "kind": "dropoff",
        "aggregation": "count",
        "unit": "#",
        "direction": "lower_is_better",
        "description": "Users lost since the previous stage.",
    },
    {
        "id": "ttc",
        "name": "Median time to convert",
        "kind": "time_to_convert",
        "aggregation": "median",
        "unit": "s",
        "direction": "lower_is_better",
        "description": "From the first stage to this one.",
    },
    {
        "id": "csat",
        "name": "Satisfaction (CSAT)",
        "kind": "csat",
        "column": "satisfaction",
        "aggregation": "mean",
        "unit": "/5",
        "target": 4.0,
        "description": "Mean 1-5 survey score of events at the stage.",
    },
    {
        "id": "revenue",
        "name": "Revenue",
        "kind": "kpi",
        "column": "revenue",
        "aggregation": "sum",
        "unit": "EUR",
        "stage_ids": ["purchase"],
        "description": "Order value of completed checkouts.",
    },
)


def sample_journey() -> Journey:
    """Return a new copy of the built-in sample journey (an online shop).

    Five stages from awareness to advocacy, nine lanes (actions, touchpoints online
    and offline, channels, thoughts, emotions, pains, opportunities, metrics,
    backstage), three personas with segments and emotion curves, and metric
    definitions. Each call returns an independent journey.

    Returns:
        A new :class:`Journey`; it matches :func:`~journeywidgets.sample_events`.

    Example:
        >>> j = sample_journey()
        >>> len(j.personas), j.persona("raj").segment
        (3, "acquisition_channel == 'price_comparison'")
    """
    journey = Journey("Online shop: from first ad to recommendation", id="online-shop")
    with journey.batch():
        journey.update(
            description="How new customers find, buy from and recommend our shop.",
            owner="CX team",
            tags=["sample", "e-commerce"],
        )
        for stage_id, name, goal, events, steps in _STAGES:
            journey.add_stage(name, id=stage_id, goal=goal, events=events, notes=_NOTES[stage_id])
            for step_id, step_name, step_events in steps:
                journey.add_step(stage_id, step_name, id=step_id, events=step_events)
        for lane_id, name, kind in _LANES:
            journey.add_lane(name, id=lane_id, kind=kind)
        for persona in _PERSONAS:
            journey.add_persona(**persona)  # type: ignore[arg-type]
        for n, (place, lane_id, text, evidence, channel) in enumerate(_CARDS):
            stage_id, _, step_id = place.partition("/")
            journey.add_card(
                id=f"card-{n + 1:03d}",
                stage=stage_id,
                step=step_id or None,
                lane=lane_id,
                text=text,
                evidence=evidence,
                channel=channel,
                color=_CARD_COLORS.get(text, ""),
            )
        for persona_id, values in _EMOTIONS.items():
            for (stage_id, *_), value in zip(_STAGES, values, strict=True):
                journey.set_emotion(persona_id, stage_id, value)
        for metric in _METRICS:
            journey.add_metric(**metric)
    # a fresh journey: the sample starts at revision 0 with nothing to undo
    return Journey.from_dict(journey.document)
