"""``ErrorBanner``: errors raised in widget callbacks, shown in the page instead of lost in a server log.

In Voila (and in a notebook, for callbacks that run after their cell), an exception raised by an
``observe`` or ``on_click`` callback goes to the kernel's log, where the person using the app never
sees it. ``ErrorBanner.guard`` wraps a callback: the error is shown in the banner (as text) and the
app keeps running.

Example:
    >>> banner = ErrorBanner()
    >>> @banner.guard
    ... def on_change(change):
    ...     raise ValueError("window must be a duration such as '1D'")
    >>> on_change({"new": "banana"})
    >>> banner.message
    "ValueError: window must be a duration such as '1D'"
"""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import ipywidgets

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger("journeywidgets")

_STYLE = (
    "margin:4px 0;padding:6px 10px;border-left:4px solid #d1242f;border-radius:4px;"
    "background:rgba(209,36,47,0.08);color:inherit;font-family:inherit"
)


class ErrorBanner(ipywidgets.HTML):  # type: ignore[misc]  # ipywidgets ships no type hints
    """A banner that shows the last error of the callbacks it guards (hidden while there is none).

    Args:
        **kwargs: Passed on to ``ipywidgets.HTML`` (``layout``, ...).

    Example:
        >>> banner = ErrorBanner()
        >>> banner.show(KeyError("device")); banner.layout.display
        ''
        >>> banner.clear(); banner.layout.display, banner.message
        ('none', '')
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.message = ""
        self.add_class("jw-error-banner")
        self.clear()

    def show(self, error: BaseException) -> None:
        """Show ``error`` (its type and message, as text: never interpreted as HTML).

        Args:
            error: The exception to show; the banner becomes visible.

        Example:
            >>> banner = ErrorBanner(); banner.show(ValueError("<b>bad</b>")); "&lt;b&gt;" in banner.value
            True
        """
        self.message = f"{type(error).__name__}: {error}"
        text = html.escape(self.message)
        self.value = f'<div role="alert" style="{_STYLE}"><strong>Something went wrong.</strong> {text}</div>'
        self.layout.display = ""

    def clear(self) -> None:
        """Hide the banner.

        Example:
            >>> ErrorBanner().clear()
        """
        self.message = ""
        self.value = ""
        self.layout.display = "none"

    def guard(self, callback: F) -> F:
        """Wrap ``callback``: a success clears the banner, an exception is shown in it (and logged).

        Args:
            callback: A callback (of an ``observe``, a button's ``on_click``, ...).

        Returns:
            A function with ``callback``'s name and signature that returns its result, or ``None`` when it raised (the
            exception is shown, not re-raised).

        Example:
            >>> banner = ErrorBanner()
            >>> banner.guard(lambda change: None)({"new": 1}); banner.message
            ''
        """

        @functools.wraps(callback)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                result = callback(*args, **kwargs)
            except Exception as error:  # shown to the user, and logged
                log.exception("error in a guarded callback")
                self.show(error)
                return None
            self.clear()
            return result

        return guarded  # type: ignore[return-value]
