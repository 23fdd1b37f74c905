"""A view's trait computed beside the kernel: the old value kept (marked ``loading``) until the new one is in.

A view that shows an on-demand analysis (the funnel's stage detail and chart over time, the
path view's flows) keeps it in a ``Dict`` trait. :func:`compute_beside` asks the binding for
it (:meth:`Binding.analyse_beside <journeywidgets.Binding.analyse_beside>`: on a thread
beside the kernel inside one, at once outside) and installs the answer only if the view's
choice (stage, persona, period...) is still the one it was asked for; a failure becomes
``{**choice, "error": reason}``.

Example:
    >>> import traitlets
    >>> from journeywidgets import sample_events, sample_journey
    >>> class View(traitlets.HasTraits):
    ...     stage = traitlets.Unicode("purchase")
    ...     shown = traitlets.Dict()
    >>> view, binding = View(), sample_journey().bind(sample_events(n_users=300))
    >>> compute_beside(view, binding, "shown", {"stage": "purchase"}, current=lambda: {"stage": view.stage},
    ...     compute=lambda analyses: {"stage": "purchase", "users": analyses.time_to_convert("purchase").users})
    >>> view.shown["users"] == binding.time_to_convert("purchase").users
    True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import traitlets

from journeywidgets.data.binding import Binding
from journeywidgets.data.binding_analyses import BindingAnalyses

Analysis = Callable[[BindingAnalyses], dict[str, Any]]


def compute_beside(
    view: traitlets.HasTraits,
    binding: Binding,
    trait: str,
    choice: dict[str, Any],
    *,
    current: Callable[[], dict[str, Any]],
    compute: Analysis,
) -> None:
    """Compute ``view.<trait>`` for ``choice``; meanwhile keep the old value (if for that choice), marked ``loading``.

    Args:
        view: The widget.
        binding: Its binding, which runs the analysis.
        trait: The ``Dict`` trait the result goes to.
        choice: What the result is for (its keys are in the result too), e.g. ``{"stage": ..., "persona": ...}``.
        current: The view's choice now; an answer is installed only while it equals ``choice``.
        compute: The analysis of the binding's published numbers.

    Example:
        >>> import traitlets
        >>> from journeywidgets import sample_events, sample_journey
        >>> class View(traitlets.HasTraits):
        ...     shown = traitlets.Dict()
        >>> view = View()
        >>> compute_beside(view, sample_journey().bind(sample_events(n_users=200)), "shown", {"k": 1},
        ...                current=lambda: {"k": 1}, compute=lambda analyses: 1 / 0)
        >>> view.shown
        {'k': 1, 'error': 'division by zero'}
    """
    shown = getattr(view, trait)
    kept = shown if all(shown.get(key) == value for key, value in choice.items()) else {}
    setattr(view, trait, {**kept, **choice, "loading": True})

    def show(result: dict[str, Any] | None, error: Exception | None) -> None:
        if current() != choice:
            return  # the choice changed meanwhile: its own request follows
        failed = {**choice, "error": f"{error}"}
        setattr(view, trait, result if error is None and result is not None else failed)

    binding.analyse_beside(f"{type(view).__name__}-{trait}-{id(view)}", compute, show)
