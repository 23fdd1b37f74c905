"""The ``journeywidgets`` command: ``demo`` opens the demo on the built-in sample data.

``html`` converts a notebook to an offline page; ``schema`` prints the JSON Schema of journey files.

The demo is the example Voila app (``examples/voila_app.ipynb``: a board with a persona picker,
a time window and entry dates); ``--lab`` opens JupyterLab on a copy of all the examples.

Example:
    >>> build_parser().parse_args(["demo", "--no-browser", "--port", "8999"]).port
    8999
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

APP_NOTEBOOK = "voila_app.ipynb"


def examples_dir() -> Path:
    """The example notebooks: shipped in the wheel (``journeywidgets/examples``) or in a source checkout.

    Returns:
        The folder holding the example notebooks.

    Raises:
        FileNotFoundError: Neither place has them (a broken installation).

    Example:
        >>> (examples_dir() / APP_NOTEBOOK).exists()
        True
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "examples", here.parents[1] / "examples"):
        if (candidate / APP_NOTEBOOK).exists():
            return candidate
    msg = f"the journeywidgets examples are missing (looked in {here / 'examples'}); reinstall journeywidgets"
    raise FileNotFoundError(msg)


def _version() -> str:
    from journeywidgets import __version__  # noqa: PLC0415 - the package's version, from its metadata

    return __version__


def build_parser() -> argparse.ArgumentParser:
    """Return the command-line parser.

    Returns:
        An ``argparse`` parser with the ``demo``, ``html`` and ``schema`` commands (one is required).

    Example:
        >>> build_parser().parse_args(["demo"]).lab
        False
    """
    parser = argparse.ArgumentParser(prog="journeywidgets", description="Customer-journey maps in Jupyter.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="open the demo (a Voila app on the built-in sample data)")
    demo.add_argument("--lab", action="store_true", help="open JupyterLab with the example notebooks instead")
    demo.add_argument("--port", type=int, default=8866, help="port to serve on (default: 8866)")
    demo.add_argument("--no-browser", action="store_true", help="do not open a browser, just print the URL")
    page = commands.add_parser(
        "html", help="convert a notebook to one HTML file whose widgets render offline (the html extra)"
    )
    page.add_argument("notebook", type=Path, help="the notebook (.ipynb)")
    page.add_argument("-o", "--output", type=Path, default=None, help="the HTML file (default: next to the notebook)")
    page.add_argument("--execute", action="store_true", help="run the notebook first, saving its widget state")
    schema = commands.add_parser("schema", help="print the JSON Schema of *.journey.json files (or write it)")
    schema.add_argument("-o", "--output", type=Path, default=None, help="write it to this file instead of printing")
    return parser


def _missing(module: str) -> bool:
    return importlib.util.find_spec(module) is None


def demo_command(*, lab: bool, port: int, no_browser: bool) -> list[str]:
    """Return the server command line that serves the demo (on a copy of the examples).

    Args:
        lab: Serve JupyterLab instead of the Voila app.
        port: The port to serve on (no other port is tried).
        no_browser: Do not open a browser.

    Returns:
        The command (``sys.executable -m voila ...`` or ``... -m jupyterlab ...``), for ``subprocess``; the examples are
        copied to a new temporary folder first.

    Raises:
        FileNotFoundError: The example notebooks are missing.

    Example:
        >>> demo_command(lab=False, port=8866, no_browser=True)[1:3]
        ['-m', 'voila']
    """
    workdir = Path(tempfile.mkdtemp(prefix="journeywidgets-demo-"))
    for example in examples_dir().glob("*.ipynb"):
        shutil.copyfile(example, workdir / example.name)
    notebook = workdir / APP_NOTEBOOK
    browser = ["--no-browser"] if no_browser else []
    if lab:
        return [
            sys.executable,
            "-m",
            "jupyterlab",
            f"--LabApp.default_url=/lab/tree/{notebook.name}",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={workdir}",
            *browser,
            *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        ]
    return [sys.executable, "-m", "voila", str(notebook), f"--port={port}", "--Voila.port_retries=0", *browser]


def html_command(notebook: Path, output: Path | None, *, execute: bool) -> int:
    """Convert ``notebook`` to an offline HTML file; return the exit status (messages, not tracebacks).

    Args:
        notebook: The notebook.
        output: The HTML file; ``None`` for next to the notebook.
        execute: Run the notebook first.

    Returns:
        0 when the page was written; 2 when there is no notebook, an optional package is missing, the JavaScript
        bundle was never built or the page cannot be written (a one-line message is printed to stderr).

    Example:
        >>> html_command(Path("no-such.ipynb"), None, execute=False)
        2
    """
    if not notebook.is_file():
        print(f"journeywidgets html: no notebook at {notebook}", file=sys.stderr)
        return 2
    from journeywidgets.export.notebook import notebook_to_html  # noqa: PLC0415 - nbconvert loads slowly
    from journeywidgets.model.errors import WriteError  # noqa: PLC0415
    from journeywidgets.widgets.bundle import BundleMissingError  # noqa: PLC0415

    try:
        page = notebook_to_html(notebook, output, execute=execute)
    except (ModuleNotFoundError, WriteError, BundleMissingError) as err:
        print(f"journeywidgets html: {err}", file=sys.stderr)
        return 2
    print(f"journeywidgets html: wrote {page}")
    return 0


def schema_command(output: Path | None) -> int:
    """Print the JSON Schema of journey files, or write it to ``output``; return the exit status.

    The shipped copy is regenerated with
    ``journeywidgets schema -o src/journeywidgets/schema/journey.schema.json``.

    Args:
        output: The file to write; ``None`` prints to stdout.

    Returns:
        0 when printed or written; 2 when the file cannot be written (the message is printed to stderr).

    Example:
        >>> import tempfile
        >>> schema_command(Path(tempfile.mkdtemp()) / "journey.schema.json")  # doctest: +ELLIPSIS
        journeywidgets schema: wrote ...journey.schema.json
        0
    """
    from journeywidgets.model.errors import WriteError  # noqa: PLC0415
    from journeywidgets.model.files import write_atomic  # noqa: PLC0415
    from journeywidgets.model.schema import schema_text  # noqa: PLC0415

    text = schema_text()
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        write_atomic(output, text)
    except WriteError as err:
        print(f"journeywidgets schema: {err}", file=sys.stderr)
        return 2
    print(f"journeywidgets schema: wrote {output}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Args:
        argv: The arguments (without the program's name); ``None`` reads ``sys.argv``.

    Returns:
        The exit status: 0 on success, 2 when a command could not do its work; ``demo`` returns the server's own status.

    Raises:
        SystemExit: The command line is not valid, or is ``--help`` or ``--version`` (argparse exits).

    Example:
        >>> build_parser().prog  # main(["demo"]) serves until Ctrl+C
        'journeywidgets'
    """
    args = build_parser().parse_args(argv)
    if args.command == "html":
        return html_command(args.notebook, args.output, execute=args.execute)
    if args.command == "schema":
        return schema_command(args.output)
    if args.command == "demo":
        server = "jupyterlab" if args.lab else "voila"
        if _missing(server):
            print(
                f"journeywidgets demo needs {server}, which is not installed.\n"
                "Install the demo extras with:  pip install 'journeywidgets[demo]'",
                file=sys.stderr,
            )
            return 2
        command = demo_command(lab=args.lab, port=args.port, no_browser=args.no_browser)
        url = f"http://localhost:{args.port}/" + ("lab" if args.lab else "")
        print(f"journeywidgets demo: serving the sample journey at {url}  (Ctrl+C to stop)", flush=True)
        try:
            return subprocess.call(command)
        except KeyboardInterrupt:
            return 0
    return 1  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
