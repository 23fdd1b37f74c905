"""Where the built JavaScript bundle lives, with a clear error when it was never built.

Example:
    >>> bundle_file("index.js").name
    'index.js'
"""

from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


class BundleMissingError(RuntimeError):
    """The JavaScript bundle was not built (a source checkout installed without Node.js).

    Example:
        >>> issubclass(BundleMissingError, RuntimeError)
        True
    """


def bundle_file(name: str) -> Path:
    """Return the path of a built bundle file in ``journeywidgets/static``.

    Args:
        name: The file's name (``"index.js"``, ``"embed.css"``, ...).

    Returns:
        Its path, whether or not the file exists.

    Example:
        >>> bundle_file("index.js").parent.name
        'static'
    """
    return STATIC_DIR / name


def require_bundle(name: str) -> Path:
    """Return the path of a built bundle file, or raise :class:`BundleMissingError` saying how to build it.

    Args:
        name: The file's name (``"index.js"``, ``"embed.js"``, ...).

    Returns:
        Its path, which is a file.

    Raises:
        BundleMissingError: The file is not there: the bundle was never built.

    Example:
        >>> require_bundle("index.js").exists()
        True
    """
    path = bundle_file(name)
    if not path.is_file():
        msg = (
            f"journeywidgets' JavaScript bundle is missing ({path}). Build it with "
            "'npm ci && npm run build' in the js/ folder, or reinstall with "
            "'pip install -e .' on a machine with Node.js and npm."
        )
        raise BundleMissingError(msg)
    return path
