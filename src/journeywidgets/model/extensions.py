"""Extension points: conveniences a lower floor offers and an upper floor implements.

The package is built in floors, ``model ← data ← widgets ← export``, and a floor
imports only the floors below it (the import-linter contract in ``pyproject.toml``,
run by ``tests/unit/test_layers.py``). A few conveniences still read best on a lower
floor's objects:

=====================  ==========================  ==================================
extension point        used by                     provided by
=====================  ==========================  ==================================
``BIND``               ``Journey.bind``            ``journeywidgets.data.Binding``
``CARDS_TABLE``        ``Journey.to_dataframe``    ``journeywidgets.export.tables``
``FUNNEL_FIGURE``      ``Binding.to_plotly``,      ``journeywidgets.export.plotly_figures``
                       ``FunnelView.to_plotly``
``MAP_SVG``            ``JourneyMap.to_svg``       ``journeywidgets.export.svg``
=====================  ==========================  ==================================

So the lower floor declares the point here and calls whatever is provided, and
the package's ``__init__`` (which sits above every floor) provides the defaults,
each importing its floor only when first called, so ``import journeywidgets``
stays light. Another implementation can be provided in their place (a test
double, a different figure library); :meth:`ExtensionPoint.provide` returns the
one it replaced.

Example:
    >>> double = ExtensionPoint("double", "doubles a number", provider="the example")
    >>> double.get()
    Traceback (most recent call last):
    ...
    journeywidgets.model.extensions.ExtensionMissingError: no implementation of 'double' (doubles a number) ...
    >>> double.provide(lambda x: 2 * x)
    >>> double.get()(21)
    42
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

    from journeywidgets.model.journey import Journey

F = TypeVar("F", bound=Callable[..., Any])


class ExtensionMissingError(RuntimeError):
    """An extension point was used before anything provided it (``journeywidgets`` was only partly imported).

    Example:
        >>> issubclass(ExtensionMissingError, RuntimeError)
        True
    """


class ExtensionPoint(Generic[F]):
    """A named slot for one function that an upper floor provides and a lower floor calls.

    Args:
        name: what the point is called in errors.
        purpose: what the function does, for the error when nothing provides it.
        provider: who provides it by default, for the same error.

    Example:
        >>> point = ExtensionPoint("shout", "upper-cases text", provider="the example")
        >>> point.provide(str.upper)
        >>> point.get()("hello")
        'HELLO'
    """

    def __init__(self, name: str, purpose: str, *, provider: str) -> None:
        self.name = name
        self.purpose = purpose
        self.provider = provider
        self._implementation: F | None = None

    def provide(self, implementation: F | None) -> F | None:
        """Make ``implementation`` the function this point calls (``None`` empties it).

        Args:
            implementation: The function to call from now on, or ``None`` to empty the point.

        Returns:
            The implementation it replaces (``None`` if there was none), so a caller can put it back.

        Example:
            >>> point = ExtensionPoint("greet", "greets", provider="the example")
            >>> point.provide(str.title) is None, point.provide(str.upper) is str.title
            (True, True)
        """
        previous, self._implementation = self._implementation, implementation
        return previous

    @property
    def provided(self) -> bool:
        """Whether a function is provided.

        Example:
            >>> point = ExtensionPoint("noop", "does nothing", provider="the example")
            >>> point.provided, (point.provide(lambda: None), point.provided)[1]
            (False, True)
        """
        return self._implementation is not None

    def get(self) -> F:
        """The provided function.

        Returns:
            The function last given to :meth:`provide`.

        Raises:
            ExtensionMissingError: nothing provides it.

        Example:
            >>> point = ExtensionPoint("shout", "upper-cases text", provider="the example")
            >>> _ = point.provide(str.upper)
            >>> point.get() is str.upper
            True
        """
        if self._implementation is None:
            msg = (
                f"no implementation of {self.name!r} ({self.purpose}) was provided; "
                f"it comes from {self.provider} and is wired by 'import journeywidgets'"
            )
            raise ExtensionMissingError(msg)
        return self._implementation

    def __repr__(self) -> str:
        state = "provided" if self._implementation is not None else "not provided"
        return f"<ExtensionPoint {self.name!r}: {state}>"


#: ``bind(journey, data, **options) -> Binding``: a journey bound to an event log (the model cannot name the type)
BIND: ExtensionPoint[Callable[..., Any]] = ExtensionPoint(
    "bind", "binds a journey to an event log", provider="journeywidgets.data.Binding"
)
#: ``cards_table(journey) -> pandas.DataFrame``: one row per card
CARDS_TABLE: ExtensionPoint[Callable[[Journey], pd.DataFrame]] = ExtensionPoint(
    "cards_table", "the cards as a pandas table", provider="journeywidgets.export.tables.cards_table"
)
#: ``funnel_figure(table, **options) -> plotly.graph_objects.Figure``: a funnel table drawn by plotly
FUNNEL_FIGURE: ExtensionPoint[Callable[..., go.Figure]] = ExtensionPoint(
    "funnel_figure", "a funnel table as a plotly figure", provider="journeywidgets.export.plotly_figures"
)
#: ``map_svg(journey, *, persona, metrics, derived_emotion, theme) -> str``: the map drawn as SVG
MAP_SVG: ExtensionPoint[Callable[..., str]] = ExtensionPoint(
    "map_svg", "the map as SVG", provider="journeywidgets.export.svg.map_svg"
)

__all__ = ["BIND", "CARDS_TABLE", "FUNNEL_FIGURE", "MAP_SVG", "ExtensionMissingError", "ExtensionPoint"]
