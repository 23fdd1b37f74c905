"""The rules all text follows: which characters no field may hold, and how values are shown in errors.

The forbidden characters are ``limits.text_forbidden`` in ``fields.json``, shared with
the TypeScript model.

Example:
    >>> forbidden_character("ok"), describe(None)
    (None, 'null')
"""

from __future__ import annotations

import math
import re
from functools import cache

from journeywidgets.model.field_spec import limit


@cache
def _forbidden_re() -> re.Pattern[str]:
    spans = []
    for span in limit("text_forbidden"):
        low, _, high = span.partition("-")
        spans.append(f"{re.escape(chr(int(low, 16)))}-{re.escape(chr(int(high or low, 16)))}")
    return re.compile("[" + "".join(spans) + "]")


_LAST_CONTROL, _SURROGATES = 0x9F, range(0xD800, 0xE000)


def _kind_of(char: str) -> str:
    code = ord(char)
    if code <= _LAST_CONTROL:
        return "a control character"
    if code in _SURROGATES:
        return "a lone surrogate"
    return "a Unicode non-character"


def forbidden_character(text: str) -> str | None:
    r"""Say which character of ``text`` no text field may hold, or None when there is none.

    Forbidden (``limits.text_forbidden`` in ``fields.json``, shared with the TypeScript model):
    control characters except tab and newline (carriage returns too: line breaks are ``\n``),
    lone surrogates (which no file can encode) and Unicode non-characters (U+FFFE, U+FDD0...).
    Such text is rejected, never cleaned: an editor must not change what was typed behind its
    writer's back.

    Args:
        text: the text to look at.

    Returns:
        A short description of the first forbidden character and where it is, or None.

    Example:
        >>> forbidden_character("tab\tand\nnewline are fine") is None
        True
        >>> forbidden_character("bell \x07")
        'U+0007 (a control character) at character 6'
    """
    found = _forbidden_re().search(text)
    if found is None:
        return None
    char = found.group()
    return f"U+{ord(char):04X} ({_kind_of(char)}) at character {found.start() + 1}"


def printable(value: object) -> str:
    r"""``value`` as text safe in a message or path: forbidden characters become ``\uXXXX`` escapes.

    A field name sent by a page or read from a file is shown in errors; it must not carry a
    character that breaks the error's own display or encoding.

    Args:
        value: a key or name (any object: non-string keys are shown with ``str``).

    Returns:
        The text with each forbidden character escaped.

    Example:
        >>> print(printable("bad\x00key"), printable(3))
        bad\u0000key 3
    """
    return _forbidden_re().sub(lambda m: f"\\u{ord(m.group()):04x}", str(value))


_SHORT_TEXT = 40
_LONG_INT_BITS = 64


def describe(value: object) -> str:
    """Describe a rejected value briefly for an error message.

    Args:
        value: The value.

    Returns:
        ``null``; a short string's repr, or its length; a number's type and value (a huge int's size); else ``a
        <type>``.

    Example:
        >>> describe(3), describe("x" * 50), describe(10**400)
        ('int 3', 'a string of 50 characters', 'an int of about 401 digits')
    """
    if value is None:
        return "null"
    if isinstance(value, str):
        return f"{value!r}" if len(value) <= _SHORT_TEXT else f"a string of {len(value)} characters"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _LONG_INT_BITS:
        return f"an int of about {int(value.bit_length() * math.log10(2)) + 1} digits"  # str() of it may be refused
    if isinstance(value, bool | int | float):
        return f"{type(value).__name__} {value!r}"
    return f"a {type(value).__name__}"
