"""A bound view's ``busy`` and ``progress`` traits, following its binding's recomputation.

Inside a kernel a :class:`~journeywidgets.Binding` computes new numbers on a worker thread
(see :mod:`journeywidgets.data.recompute`); its ``status`` says whether it is busy and how far
it is. A bound view mirrors both in traits the page draws (a thin progress bar, ``aria-busy``,
the old numbers greyed) and that only Python sets.

Example:
    >>> import traitlets
    >>> from journeywidgets.data.binding import BindingStatus
    >>> class View(traitlets.HasTraits):
    ...     busy = traitlets.Bool(default_value=False)
    ...     progress = traitlets.Float(1.0)
    >>> status, view = BindingStatus(), View()
    >>> stop = follow_status(view, status); status.progress = 0.25; status.busy = True
    >>> view.busy, view.progress
    (True, 0.25)
    >>> stop(); stop(); status.busy = False; view.busy
    True
"""

from __future__ import annotations

from collections.abc import Callable

import traitlets

from journeywidgets.data.binding import BindingStatus

__all__ = ["BUSY_TRAITS", "follow_status"]

#: the traits a bound view mirrors from its binding's status
BUSY_TRAITS = ("busy", "progress")


def follow_status(view: traitlets.HasTraits, status: BindingStatus) -> Callable[[], None]:
    """Keep ``view.busy`` and ``view.progress`` equal to the status's, from now on.

    Args:
        view: A widget with ``busy`` (Bool) and ``progress`` (Float) traits.
        status: The binding's :class:`~journeywidgets.data.binding.BindingStatus`.

    Returns:
        A function that stops following.

    Example:
        >>> import journeywidgets as jw
        >>> binding = jw.sample_journey().bind(jw.sample_events(n_users=300))
        >>> view = jw.FunnelView(binding); binding.status.busy = True; view.busy
        True
    """
    links = [traitlets.dlink((status, name), (view, name)) for name in BUSY_TRAITS]

    def stop() -> None:  # idempotent: a widget closed twice (close, then __del__) stops once
        while links:
            links.pop().unlink()

    return stop
