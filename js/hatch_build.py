"""Build hook for hatch-jupyter-builder: ``npm ci`` then the esbuild build of ``js/``.

Runs when the package is built or installed (``pip install -e .``). Set
``SKIP_JUPYTER_BUILDER=1`` (hatch-jupyter-builder's standard switch) to skip the whole hook in
environments that need no bundle (lint, types, docs); ``HATCH_JUPYTER_BUILDER_SKIP_NPM=1``, the
older switch, still skips only this function.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

JS_DIR = Path(__file__).resolve().parent


def _npm() -> str:
    npm = shutil.which("npm")
    if npm is None:
        msg = (
            "journeywidgets builds its JavaScript with Node.js and npm, and npm was not found. "
            "Install Node.js 20 or newer (https://nodejs.org, or 'apt-get install nodejs npm') and try again."
        )
        raise RuntimeError(msg)
    return npm


def _dependencies_current() -> bool:
    """Whether node_modules was installed from the current package-lock.json."""
    installed = JS_DIR / "node_modules" / ".package-lock.json"
    lock = JS_DIR / "package-lock.json"
    return installed.is_file() and installed.stat().st_mtime >= lock.stat().st_mtime


def build_bundle(target_name: str, version: str) -> None:  # noqa: ARG001 - the hook's signature
    """Install the locked npm dependencies (``npm ci``) when needed, then build the bundle."""
    if os.environ.get("HATCH_JUPYTER_BUILDER_SKIP_NPM") == "1":
        return
    npm = _npm()
    if not _dependencies_current():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=JS_DIR, check=True)
    subprocess.run([npm, "run", "build"], cwd=JS_DIR, check=True)
