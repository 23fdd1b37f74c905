"""Errors raised by the journey model.

Every error is a :class:`JourneyError`. Each carries a short machine-readable
``code`` (shared with the TypeScript model, so the browser can explain a
rejected edit the same way) and the ``path`` of the offending field.

Example:
    >>> from journeywidgets import Journey, JourneyError
    >>> j = Journey("Checkout")
    >>> try:
    ...     j.apply({"op": "remove_stage", "id": "nope"})
    ... except JourneyError as err:
    ...     print(err.code, err.path)
    not_found id
"""

from __future__ import annotations


class JourneyError(Exception):
    """Base class of every error the journey model raises.

    Args:
        message: What went wrong, for people.
        path: The field it concerns (``"stages[0].name"``), or ``""``.

    Example:
        >>> issubclass(NotFoundError, JourneyError)
        True
    """

    code = "journey_error"

    def __init__(self, message: str, *, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def to_dict(self) -> dict[str, str]:
        """Return the error as a JSON-friendly dict (what the browser is sent).

        Returns:
            ``{"code": ..., "path": ..., "message": ...}``, all text.

        Example:
            >>> NotFoundError("no stage 'x'", path="stage_id").to_dict()["code"]
            'not_found'
        """
        return {"code": self.code, "path": self.path, "message": self.message}


class InvalidFieldError(JourneyError, ValueError):
    """A field holds a value of the wrong type, shape or range.

    Example:
        >>> InvalidFieldError("card 'c1': field 'text' must be a string", path="text").code
        'invalid_field'
    """

    code = "invalid_field"


class InvalidTextError(InvalidFieldError):
    r"""Text holding a character a journey cannot store or draw.

    Rejected (never silently cleaned): control characters other than tab and newline
    (``\r`` included: line breaks are ``\n``), lone surrogates and Unicode non-characters.

    Example:
        >>> InvalidTextError("card 'c1': field 'text' holds U+0000 (a control character)", path="text").code
        'invalid_text'
    """

    code = "invalid_text"


class MissingFieldError(InvalidFieldError):
    """A required field is absent.

    Example:
        >>> MissingFieldError("stage: field 'name' is required", path="name").code
        'missing_field'
    """

    code = "missing_field"


class UnknownFieldError(InvalidFieldError):
    """A field name that the entity or operation does not have.

    Example:
        >>> UnknownFieldError("card: unknown field 'txt'", path="txt").code
        'unknown_field'
    """

    code = "unknown_field"


class NotFoundError(JourneyError, LookupError):
    """An id or name that refers to nothing in the journey.

    Example:
        >>> NotFoundError("no lane 'x'", path="lane_id").code
        'not_found'
    """

    code = "not_found"


class DuplicateIdError(JourneyError, ValueError):
    """An id already used by another entity of the same kind.

    Example:
        >>> DuplicateIdError("stage id 'a' is already used", path="id").code
        'duplicate_id'
    """

    code = "duplicate_id"


class InvalidOperationError(JourneyError, ValueError):
    """An operation that is not a dict or names no known ``op``.

    Example:
        >>> InvalidOperationError("unknown op 'explode'", path="op").code
        'invalid_op'
    """

    code = "invalid_op"


class DocumentError(JourneyError, ValueError):
    """Text that is not a journey document (malformed JSON, wrong top-level shape).

    Example:
        >>> DocumentError("not JSON: Expecting value (line 1, column 1)").code
        'invalid_document'
    """

    code = "invalid_document"


class SchemaVersionError(DocumentError):
    """A document written by a newer (or unknown) version of the schema.

    Example:
        >>> SchemaVersionError("schema_version 9 is newer than 1", path="schema_version").code
        'schema_version'
    """

    code = "schema_version"


class HistoryError(JourneyError):
    """Undo with nothing to undo, or redo with nothing to redo.

    Example:
        >>> HistoryError("nothing to undo").code
        'history'
    """

    code = "history"


class WriteError(JourneyError, OSError):
    """A file could not be written (no space, no permission, no such folder...); the old file is as it was.

    It is also an :class:`OSError`, whose ``errno`` it keeps; ``path`` names the file.

    Args:
        message: What could not be written, and why.
        path: The file.
        errno: The operating system's error number, when there was one.

    Example:
        >>> import errno
        >>> err = WriteError("cannot write 'map.html': No space left on device", path="map.html", errno=errno.ENOSPC)
        >>> err.code, err.errno == errno.ENOSPC, isinstance(err, OSError)
        ('write_failed', True, True)
    """

    code = "write_failed"

    def __init__(self, message: str, *, path: str = "", errno: int | None = None) -> None:
        super().__init__(message, path=path)
        self.errno = errno
        self.filename = path

    def __str__(self) -> str:
        """The message (not OSError's ``[Errno n]`` form).

        Example:
            >>> str(WriteError("cannot write 'x'", path="x", errno=28))
            "cannot write 'x'"
        """
        return self.message


class UnsupportedWidgetError(JourneyError, TypeError):
    """A widget an export cannot show (``to_html`` shows journeywidgets views, boxes of them and their links).

    Example:
        >>> UnsupportedWidgetError("to_html: not DropdownModel", path="widget").code
        'unsupported_widget'
    """

    code = "unsupported_widget"


# ImportError's own `path` is `str | None` (the file that failed); ours, the feature's name, is always a str
class MissingDependencyError(JourneyError, ModuleNotFoundError):  # type: ignore[misc]
    """A feature needs an optional package that is not installed; the message names the extra to install.

    It is also a :class:`ModuleNotFoundError` (so an ``except ImportError`` catches it), whose
    ``name`` is the missing package; ``path`` names the feature that needs it.

    Args:
        message: What is missing and the ``pip install`` command that brings it.
        package: The missing package's import name (``"plotly"``).
        path: The feature that needs it (``"to_plotly"``).

    Example:
        >>> err = MissingDependencyError('needs plotly: pip install "journeywidgets[plotly]"', package="plotly")
        >>> err.code, err.name, isinstance(err, ImportError)
        ('missing_dependency', 'plotly', True)
    """

    code = "missing_dependency"

    def __init__(self, message: str, *, package: str, path: str = "") -> None:
        super().__init__(message, path=path)
        self.name = package
