"""What a page may set on a widget: only the traits it shows; Python's copy of every other trait is the truth.

Example:
    >>> import traitlets
    >>> class View(traitlets.HasTraits):
    ...     keys = ["shown", "numbers"]
    ...     shown = traitlets.Unicode("a")
    ...     numbers = traitlets.Dict()
    ...     def send_state(self, keys): print("sent back", keys)
    >>> view = View()
    >>> def apply(values): view.shown = values["shown"]
    >>> take_page_state(view, {"shown": "b", "numbers": {"forged": 1}}, frozenset({"shown"}), apply)
    sent back ['numbers']
    >>> view.shown, view.numbers
    ('b', {})
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from journeywidgets.widgets.delivery import HomeLoop


def take_page_state(
    widget: Any,
    sync_data: Any,
    settable: frozenset[str],
    apply: Callable[[dict[str, Any]], None],
    home: HomeLoop | None = None,
) -> None:
    """Apply the page's update of ``settable`` traits; send Python's values back for the rest and for refusals.

    Args:
        widget: The widget (its ``keys`` are its synced traits; ``send_state`` sends values to the page).
        sync_data: What the page sent, by trait name.
        settable: The traits the page may set.
        apply: Sets the accepted values (the widget's own ``set_state``), all at once.
        home: The loop the widget was made on: an update arriving on another thread (a kernel subshell's) is
            handled there, so the widget's traits and the analyses they start change on one thread.

    Example:
        >>> import traitlets
        >>> class View(traitlets.HasTraits):
        ...     keys = ["steps"]
        ...     steps = traitlets.Int(3)
        ...     def send_state(self, keys): print("sent back", keys)
        >>> def apply(values): raise traitlets.TraitError("steps: 1 to 5")
        >>> take_page_state(View(), {"steps": 99}, frozenset({"steps"}), apply)
        sent back ['steps']
    """
    if home is not None and not home.here():
        home.call(take_page_state, widget, sync_data, settable, apply)  # there, no second hop
        return
    if not isinstance(sync_data, dict):
        return
    accepted = {key: value for key, value in sync_data.items() if key in settable}
    refused = [key for key in sync_data if key in widget.keys and key not in accepted]
    if accepted:
        try:
            apply(accepted)
        except Exception:  # noqa: BLE001 - the page sent a value Python refuses: it gets Python's back
            refused += list(accepted)
    if refused:
        widget.send_state(refused)
