"""Stable ids for new entities: readable slugs for structure, random ids for cards.

Example:
    >>> slug_id("Pain points!", taken={"pain-points"})
    'pain-points-2'
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Collection


def new_id(prefix: str) -> str:
    """Return a fresh random id such as ``card-3f9a1c2b``.

    Args:
        prefix: What the id starts with, usually the entity kind (``"card"``).

    Returns:
        ``prefix``, a hyphen and 8 random hex digits.

    Example:
        >>> new_id("card").startswith("card-")
        True
    """
    return f"{prefix}-{secrets.token_hex(4)}"


def slug_id(name: str, *, taken: Collection[str], fallback: str = "item") -> str:
    """Return a readable id made from ``name`` that is not in ``taken``.

    Args:
        name: The name to make the id from: accents dropped, lower-cased, runs of other characters
            turned into one hyphen, at most 48 characters.
        taken: Ids already in use.
        fallback: The base when nothing of ``name`` is left (``"¿?"``).

    Returns:
        The slug, or the slug with ``-2``, ``-3``, ... appended when it is taken.

    Example:
        >>> slug_id("Awareness", taken=())
        'awareness'
        >>> slug_id("¿Qué?", taken=())
        'que'
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:48] or fallback
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate
