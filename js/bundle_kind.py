"""Whether a built bundle is a development build (used by js/bundle_check.py, and tested without hatchling)."""

from __future__ import annotations

#: a minified bundle's lines are long; esbuild's unminified output averages well under this many characters
MIN_AVERAGE_LINE = 400


def development_bundle_reason(text: str) -> str | None:
    r"""Why a bundle's text is a development build (inline source map, unminified), or None.

    Example:
        >>> development_bundle_reason("var a=1;" * 200) is None
        True
        >>> development_bundle_reason("x;\n//# sourceMappingURL=data:application/json;base64,e30=")
        'it holds an inline source map'
    """
    if "sourceMappingURL=data:" in text:
        return "it holds an inline source map"
    lines = text.count("\n") + 1
    if len(text) / lines < MIN_AVERAGE_LINE:
        return f"it is not minified ({lines} lines, {len(text) // lines} characters per line on average)"
    return None
