"""The map picture's themes and text: colours for light and dark, and labels wrapped to their room.

A picture's text is never cut: a label longer than its room wraps onto more lines (at words, and
inside a word only when the word alone is wider than the room), and the row holding it grows.
Widths are estimated, not measured: a character is ``CHAR_EM`` of the font size wide, which is
generous for common sans-serif fonts, so an estimated line fits when drawn.

Example:
    >>> wrap("Receive the order and get value from it", 120, 11)
    ['Receive the order', 'and get value from', 'it']
    >>> contrast_ratio(DARK.text, DARK.background) >= 4.5
    True
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Literal, get_args
from xml.sax.saxutils import escape

from journeywidgets.model.field_spec import card_tint

Theme = Literal["light", "dark"]
THEMES: tuple[str, ...] = get_args(Theme)
CHAR_EM = 0.6  # a character's mean width in em in common sans-serif fonts (wide ones such as DejaVu Sans)
LINE_EM = 1.3  # a wrapped label's line height in em
AA_TEXT = 4.5  # WCAG 2.x AA: the least contrast of normal-size text on its background

#: The words a card's evidence shows, as the browser's card shows them ("unspecified" shows none).
EVIDENCE_LABEL = {
    "observed": "Observed",
    "reported": "Reported",
    "data": "Data",
    "inferred": "Inferred",
    "hypothesis": "Hypothesis",
}


@dataclass(frozen=True)
class Palette:
    """The colours of one theme of the map picture; every text colour is AA (4.5:1) on every fill.

    Example:
        >>> LIGHT.background, DARK.background
        ('#ffffff', '#0d1117')
    """

    background: str  # the picture, the emotion lane
    surface: str  # stage and lane headers
    subtle: str  # the step row
    card: str  # a card's box
    tag: str  # an evidence or tag pill
    border: str  # lines between rows and columns, card outlines
    text: str  # names, card text, values
    muted: str  # goals, steps, lane kinds, metric labels, tags
    accent: str  # the emotion curve of a persona without a colour of its own

    @property
    def fills(self) -> tuple[str, ...]:
        """Every colour text is drawn on.

        Example:
            >>> len(LIGHT.fills)
            5
        """
        return (self.background, self.surface, self.subtle, self.card, self.tag)


LIGHT = Palette(
    background="#ffffff",
    surface="#f4f5f7",
    subtle="#fafbfc",
    card="#ffffff",
    tag="#eef1f4",
    border="#d0d7de",
    text="#1f2328",
    muted="#59636e",
    accent="#1f6feb",
)
DARK = Palette(
    background="#0d1117",
    surface="#161b22",
    subtle="#1c2128",
    card="#1c2128",
    tag="#262c36",
    border="#3d444d",
    text="#e6edf3",
    muted="#9ea7b3",
    accent="#4493f8",
)
PALETTES = {"light": LIGHT, "dark": DARK}


def palette(theme: str) -> Palette:
    """The palette of ``theme`` ("light" or "dark"); anything else is a ``ValueError`` naming both.

    Args:
        theme: ``"light"`` or ``"dark"``.

    Returns:
        The theme's :class:`Palette`.

    Raises:
        ValueError: ``theme`` is neither.

    Example:
        >>> palette("dark").text
        '#e6edf3'
    """
    try:
        return PALETTES[theme]
    except (KeyError, TypeError):
        msg = f"theme must be one of {list(THEMES)}, not {theme!r}"
        raise ValueError(msg) from None


def relative_luminance(color: str) -> float:
    """The WCAG relative luminance of a ``#rrggbb`` colour (0 for black, 1 for white).

    Args:
        color: A ``#rrggbb`` colour (the ``#`` may be left out).

    Returns:
        The luminance, from 0 to 1.

    Example:
        >>> relative_luminance("#ffffff"), relative_luminance("#000000")
        (1.0, 0.0)
    """
    channels = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)  # noqa: PLR2004 - sRGB
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours, from 1 to 21.

    Args:
        a: One colour.
        b: The other (the order does not matter).

    Returns:
        ``(lighter + 0.05) / (darker + 0.05)`` of their relative luminances.

    Example:
        >>> round(contrast_ratio("#000000", "#ffffff"), 1)
        21.0
    """
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(color: str, base: str, share: float) -> str:
    """``share`` of ``color`` mixed into ``base`` (both ``#rrggbb``), as CSS ``color-mix(in srgb, ...)`` does.

    Args:
        color: The colour mixed in.
        base: The colour mixed into.
        share: How much of ``color``, from 0 (``base``) to 1 (``color``).

    Returns:
        The mixed colour, ``#rrggbb`` in lower case.

    Example:
        >>> mix("#ff0000", "#ffffff", 0.5)
        '#ff8080'
    """
    a, b = (tuple(int(c.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)) for c in (color, base))
    return "#" + "".join(f"{round(x * share + y * (1 - share)):02x}" for x, y in zip(a, b, strict=True))


def card_fill(card_color: str, pal: Palette) -> str:
    """A card's background: the theme's card colour, tinted with the card's own colour when it has one.

    Args:
        card_color: The card's own ``#rrggbb`` colour, or ``""`` for none.
        pal: The theme's palette.

    Returns:
        A ``#rrggbb`` colour.

    Example:
        >>> card_fill("", LIGHT) == LIGHT.card, card_fill("#f2c94c", LIGHT) != LIGHT.card
        (True, True)
    """
    return mix(card_color, pal.card, card_tint()) if card_color else pal.card


def chars(width: float, size: int) -> int:
    """How many characters of ``size`` px text fit in ``width`` px (at least one).

    Args:
        width: The room, in px.
        size: The font size, in px.

    Returns:
        The number of characters (estimated with an average character width).

    Example:
        >>> chars(180, 10)
        30
    """
    return max(1, int(width / (size * CHAR_EM)))


def text_width(value: str, size: int) -> float:
    """The estimated width in px of ``value`` drawn at ``size`` px.

    Args:
        value: The text.
        size: The font size, in px.

    Returns:
        The width, in px.

    Example:
        >>> text_width("Hello", 10)
        30.0
    """
    return len(value) * size * CHAR_EM


def line_height(size: int) -> float:
    """The distance between two wrapped lines of ``size`` px text.

    Args:
        size: The font size, in px.

    Returns:
        The line height, in px.

    Example:
        >>> line_height(10)
        13.0
    """
    return size * LINE_EM


def wrap(value: str, width: float, size: int) -> list[str]:
    r"""``value`` as lines of ``size`` px text no wider than ``width`` px; its own line breaks kept.

    Empty text is no lines. A word wider than the room is broken inside it, so nothing pokes out.

    Args:
        value: The text.
        width: The room, in px.
        size: The font size, in px.

    Returns:
        The lines (an empty paragraph stays an empty line).

    Example:
        >>> wrap("Compare\nplans", 500, 12), wrap("", 100, 12)
        (['Compare', 'plans'], [])
    """
    if not value.strip():
        return []
    room = chars(width, size)
    return [line for paragraph in value.splitlines() for line in textwrap.wrap(paragraph, room) or [""]]


def text(
    x: float,
    y: float,
    value: str,
    *,
    size: int = 13,
    weight: str = "normal",
    fill: str = "#1f2328",
    anchor: str = "start",
) -> str:
    """One ``<text>`` element, its text escaped (nothing in it can become markup).

    Args:
        x: The anchor point's x, in px.
        y: The baseline's y, in px.
        value: The text (escaped).
        size: The font size, in px.
        weight: The CSS font weight.
        fill: The text colour.
        anchor: ``"start"``, ``"middle"`` or ``"end"`` (SVG's ``text-anchor``).

    Returns:
        The element's markup.

    Example:
        >>> text(0, 10, "<b>&", size=10)
        '<text x="0.0" y="10.0" ... text-anchor="start">&lt;b&gt;&amp;</text>'
    """
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" fill="{fill}" '
        f'text-anchor="{anchor}">{escape(value)}</text>'
    )


def block(
    x: float, y: float, lines: list[str], *, size: int, fill: str, weight: str = "normal"
) -> tuple[list[str], float]:
    """``lines`` drawn one under another from the top ``y``, and the height they take.

    Args:
        x: The lines' x, in px.
        y: The top of the first line, in px.
        lines: The lines, already wrapped.
        size: The font size, in px.
        fill: The text colour.
        weight: The CSS font weight.

    Returns:
        The ``<text>`` elements and the height of the block, in px.

    Example:
        >>> parts, height = block(0, 0, ["a", "b"], size=10, fill="#000000")
        >>> len(parts), height
        (2, 26.0)
    """
    step = line_height(size)
    parts = [text(x, y + size + i * step, line, size=size, weight=weight, fill=fill) for i, line in enumerate(lines)]
    return parts, step * len(lines)
