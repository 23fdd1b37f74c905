"""write_atomic and the files written with it: planted symlinks, full disks, concurrent writers, modes, links."""

from __future__ import annotations

import errno
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import journeywidgets as jw
from journeywidgets.model import files
from journeywidgets.model.errors import JourneyError, WriteError
from journeywidgets.model.files import write_atomic


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_text_and_bytes_exactly(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    assert write_atomic(target, "é\n\r\n") == target
    assert target.read_bytes() == "é\n\r\n".encode()  # no newline translation
    write_atomic(str(target), b"\x00\xff")
    assert target.read_bytes() == b"\x00\xff"
    assert leftovers(tmp_path) == []


def test_a_symlink_planted_at_the_old_fixed_temporary_name_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / ".map.html.tmp").symlink_to(victim)
    write_atomic(tmp_path / "map.html", "<html></html>")
    assert victim.read_text() == "precious"
    assert (tmp_path / "map.html").read_text() == "<html></html>"
    assert (tmp_path / ".map.html.tmp").is_symlink()  # not ours: left alone


def test_a_symlink_planted_at_the_next_temporary_name_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens = iter(["aaaa", "bbbb"])
    monkeypatch.setattr(files.secrets, "token_hex", lambda _n: next(tokens))
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    planted = tmp_path / ".map.json.aaaa.tmp"
    planted.symlink_to(victim)
    dangling = tmp_path / "elsewhere.txt"
    write_atomic(tmp_path / "map.json", "{}")
    assert victim.read_text() == "precious"
    assert planted.is_symlink()
    assert not dangling.exists()
    assert (tmp_path / "map.json").read_text() == "{}"
    assert leftovers(tmp_path) == [planted.name]


def test_a_dangling_symlink_at_the_temporary_name_creates_nothing_through_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens = iter(["aaaa", "bbbb"])
    monkeypatch.setattr(files.secrets, "token_hex", lambda _n: next(tokens))
    aim = tmp_path / "created-by-attacker.txt"
    (tmp_path / ".map.json.aaaa.tmp").symlink_to(aim)
    write_atomic(tmp_path / "map.json", "{}")
    assert not aim.exists()


def test_a_full_disk_leaves_the_old_file_exactly_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "map.journey.json"
    target.write_text("old content")
    target.chmod(0o640)
    before = target.stat()

    def full(_fd: int, _data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "write", full)
    with pytest.raises(WriteError, match="No space left on device") as info:
        write_atomic(target, "new content " * 1000)
    err = info.value
    assert isinstance(err, JourneyError) and isinstance(err, OSError)
    assert err.errno == errno.ENOSPC
    assert err.path == str(target) and str(target) in str(err)
    assert target.read_text() == "old content"
    assert mode_of(target) == 0o640
    assert target.stat().st_ino == before.st_ino  # the very same file, not a copy
    assert leftovers(tmp_path) == []


def test_a_failed_fsync_or_rename_removes_the_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "x.txt"
    target.write_text("old")

    def broken(*_args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(files.os, "fsync", broken)
    with pytest.raises(WriteError, match="Input/output error"):
        write_atomic(target, "new")
    monkeypatch.undo()
    monkeypatch.setattr(Path, "replace", broken)
    with pytest.raises(WriteError):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_an_interrupted_write_removes_the_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(_fd: int, _data: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "x.txt", "new")
    assert list(tmp_path.iterdir()) == []


def test_concurrent_writers_to_one_path_all_succeed_and_the_last_wins(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    contents = [f"writer {n} " * 5000 for n in range(8)]
    errors: list[BaseException] = []
    start = threading.Barrier(len(contents))

    def write(text: str) -> None:
        start.wait()
        try:
            for _ in range(5):
                write_atomic(target, text)
        except BaseException as err:  # noqa: BLE001 - collected and asserted on below
            errors.append(err)

    threads = [threading.Thread(target=write, args=(text,)) for text in contents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert target.read_text() in contents  # one whole version, never a mix
    assert leftovers(tmp_path) == []


@pytest.mark.usefixtures("umask_022")
def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    for mode in (0o600, 0o640, 0o664, 0o666, 0o755):
        target = tmp_path / f"f{mode:o}"
        target.write_text("old")
        target.chmod(mode)
        write_atomic(target, "new")
        assert mode_of(target) == mode, oct(mode)


def test_a_new_file_gets_the_umask_default_like_open(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        assert mode_of(write_atomic(tmp_path / "a", "x")) == 0o644
        os.umask(0o002)
        assert mode_of(write_atomic(tmp_path / "b", "x")) == 0o664
        with (tmp_path / "c").open("w") as handle:
            handle.write("x")
        assert mode_of(tmp_path / "b") == mode_of(tmp_path / "c")
    finally:
        os.umask(old)


def test_a_symlinked_target_stays_a_symlink_and_its_file_is_written(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "map.json"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "map.json"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert link.readlink() == real
    assert real.read_text() == "new"
    assert mode_of(real) == 0o640
    assert leftovers(tmp_path) == [] and leftovers(tmp_path / "real") == []


def test_a_dangling_symlinked_target_creates_the_file_it_names(tmp_path: Path) -> None:
    link = tmp_path / "map.json"
    link.symlink_to(tmp_path / "new.json")
    write_atomic(link, "x")
    assert link.is_symlink() and (tmp_path / "new.json").read_text() == "x"


def test_a_target_that_is_no_regular_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "map.html"
    folder.mkdir()
    with pytest.raises(WriteError, match="not a regular file"):
        write_atomic(folder, "x")
    assert folder.is_dir() and list(folder.iterdir()) == []


def test_a_missing_folder_or_no_permission_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="there is no folder"):
        write_atomic(tmp_path / "nope" / "x.json", "x")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):  # root writes anywhere
            pytest.skip("running as root")
        with pytest.raises(WriteError, match="Permission denied") as info:
            write_atomic(locked / "x.json", "x")
        assert info.value.errno == errno.EACCES
    finally:
        locked.chmod(0o700)


# ----- the files we write ------------------------------------------------------------------


def test_save_keeps_mode_and_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.journey.json"
    jw.Journey("Old").save(real)
    real.chmod(0o644)
    link = tmp_path / "map.journey.json"
    link.symlink_to(real)
    jw.Journey("New").save(link)
    assert link.is_symlink() and mode_of(real) == 0o644
    assert jw.load(link).title == "New"


def test_save_on_a_full_disk_keeps_the_old_journey(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = jw.Journey("Old").save(tmp_path / "map.journey.json")
    before = target.read_bytes()

    def full(_fd: int, _data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "write", full)
    with pytest.raises(WriteError):
        jw.sample_journey().save(target)
    assert target.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_to_html_ignores_a_planted_symlink_and_runs_concurrently(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / ".map.html.tmp").symlink_to(victim)
    widgets = [jw.JourneyMap(jw.Journey(f"Map {n}")) for n in range(2)]
    errors: list[BaseException] = []

    def export(widget: jw.JourneyMap) -> None:
        try:
            jw.to_html(widget, tmp_path / "map.html")
        except BaseException as err:  # noqa: BLE001 - collected and asserted on below
            errors.append(err)

    threads = [threading.Thread(target=export, args=(w,)) for w in widgets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert victim.read_text() == "precious"
    text = (tmp_path / "map.html").read_text("utf-8")
    assert "<title>Map 0</title>" in text or "<title>Map 1</title>" in text


def test_notebook_export_ignores_a_planted_symlink(tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("nbconvert")
    from journeywidgets.export.notebook import notebook_to_html  # noqa: PLC0415

    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hi")]), tmp_path / "nb.ipynb")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / ".nb.html.tmp").symlink_to(victim)
    page = notebook_to_html(tmp_path / "nb.ipynb")
    assert victim.read_text() == "precious"
    assert "Hi" in page.read_text("utf-8")


def test_the_html_command_reports_a_failed_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("nbconvert")
    from journeywidgets.cli import main  # noqa: PLC0415

    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "nb.ipynb")
    status = main(["html", str(tmp_path / "nb.ipynb"), "-o", str(tmp_path / "no" / "nb.html")])
    assert status == 2
    assert "there is no folder" in capsys.readouterr().err


def test_a_target_with_the_longest_name_gets_a_temporary_name_that_fits(tmp_path: Path) -> None:
    target = tmp_path / ("é" * 127)  # 254 bytes: as long as a name may be
    write_atomic(target, "x")
    write_atomic(target, "y")
    assert target.read_text() == "y" and leftovers(tmp_path) == []
