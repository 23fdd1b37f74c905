r"""Writing files safely: every file journeywidgets writes goes through :func:`write_atomic`.

A reader of the target sees the old file or the new one, never a part of one, and a failed
write (a full disk, no permission) leaves the old file exactly as it was. The rules:

* the data goes to a new temporary file with a unique name in the target's folder, created
  exclusively (``O_CREAT | O_EXCL``, which never follows a symlink planted at that name), then
  flushed, fsynced and renamed over the target (``os.replace``); two writers to one path both
  succeed and the last rename wins;
* an existing file keeps its permission bits; a new file gets what ``open()`` would give it
  (``0o666`` less the umask);
* a target that is a symlink is written through: the file it points to is replaced and the link
  stays a link;
* a target that exists but is not a regular file (a folder, a device) is refused;
* every failure is a :class:`~journeywidgets.model.errors.WriteError` naming the path, and the
  temporary file is removed.

As with any save by rename, the new file belongs to whoever wrote it, and other hard links to the
old file keep the old content.

This module imports nothing of journeywidgets but its errors, so every layer may use it.

Example:
    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
    >>> write_atomic(target, "first\n").read_text("utf-8")
    'first\n'
    >>> write_atomic(target, b"second\n").read_bytes()
    b'second\n'
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from journeywidgets.model.errors import WriteError

_NEW_FILE_MODE = 0o666  # as open() creates files: the umask takes its bits off
_PRIVATE_MODE = 0o600  # a temporary copy of an existing file starts private, then gets that file's mode
_NAME_ROOM = 200  # bytes of the target's name kept in the temporary name (names are at most 255 bytes)
_ATTEMPTS = 100
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def _real_target(target: Path) -> Path:
    """The file to replace: ``target``, or the file a symlinked ``target`` points to."""
    return Path(os.path.realpath(target))


def _existing_mode(real: Path, shown: Path) -> int | None:
    """The permission bits of the file at ``real``, or None when there is none yet."""
    try:
        info = real.stat()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise _write_error(shown, err) from None
    if not stat.S_ISREG(info.st_mode):
        raise WriteError(f"cannot write {str(shown)!r}: it exists and is not a regular file", path=str(shown))
    return stat.S_IMODE(info.st_mode)


def _create_temporary(real: Path, *, private: bool) -> tuple[int, Path]:
    """Create a new, empty, uniquely named file next to ``real``; return its descriptor and path."""
    mode = _PRIVATE_MODE if private else _NEW_FILE_MODE
    stem = os.fsdecode(os.fsencode(real.name)[:_NAME_ROOM])  # counted in bytes, as the file system does
    for _ in range(_ATTEMPTS):
        temporary = real.with_name(f".{stem}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(temporary, _FLAGS, mode), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name next to {str(real)!r}")


def _set_mode(fd: int, temporary: Path, mode: int) -> None:
    if os.chmod in os.supports_fd:
        os.fchmod(fd, mode)
    else:  # pragma: no cover - Windows
        temporary.chmod(mode)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.fsync(fd)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a folder that cannot be opened is left as it is."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_error(shown: Path, err: OSError) -> WriteError:
    reason = err.strerror or str(err)
    if isinstance(err, FileNotFoundError) and not shown.parent.exists():
        reason = f"there is no folder {str(shown.parent)!r}"
    return WriteError(f"cannot write {str(shown)!r}: {reason}", path=str(shown), errno=err.errno)


def write_atomic(
    path: str | os.PathLike[str], data: str | bytes, *, encoding: str = "utf-8", errors: str = "strict"
) -> Path:
    """Write ``data`` (text is encoded with ``encoding``) to ``path`` atomically; return ``path``.

    See the module's documentation for the rules. Raises
    :class:`~journeywidgets.model.errors.WriteError` (an ``OSError``) naming the path.

    Args:
        path: the file to write; a symlink is written through to the file it points to.
        data: the whole content of the file.
        encoding: how text is encoded (bytes are written as they are).
        errors: what to do with text ``encoding`` cannot encode, as for :meth:`str.encode` (an HTML
            page may say ``"xmlcharrefreplace"``); by default it raises before any file is touched.

    Returns:
        ``path`` as a :class:`~pathlib.Path`.

    Example:
        >>> import os, pathlib, tempfile
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "map.json"
        >>> _ = target.write_text("old"); target.chmod(0o640)
        >>> oct(write_atomic(target, "{}").stat().st_mode & 0o777)
        '0o640'
        >>> write_atomic(target.parent / "missing" / "x.json", "{}")
        Traceback (most recent call last):
        ...
        journeywidgets.model.errors.WriteError: cannot write '.../missing/x.json': there is no folder '.../missing'
    """
    shown = Path(path)
    content = data.encode(encoding, errors) if isinstance(data, str) else bytes(data)
    real = _real_target(shown)
    mode = _existing_mode(real, shown)
    temporary: Path | None = None
    try:
        fd, temporary = _create_temporary(real, private=mode is not None)
        try:
            if mode is not None:
                _set_mode(fd, temporary, mode)
            _write_all(fd, content)
        finally:
            os.close(fd)
        temporary.replace(real)
        temporary = None
    except OSError as err:
        raise _write_error(shown, err) from err
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    _sync_folder(real.parent)
    return shown
