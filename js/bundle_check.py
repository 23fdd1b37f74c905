"""Refuse to build a wheel that would ship a development bundle.

``npm run dev`` writes an unminified bundle with inline source maps into ``src/journeywidgets/static``;
the wheel build skips the npm build when a bundle is already there (``skip-if-exists``), so without this
check a wheel built after ``npm run dev`` would ship that bundle (786 KB instead of about 150 KB). The
hook runs after every wheel build (not for editable installs, where a development bundle is the point),
looks at the bundle it shipped, and fails the build, removing the wheel, when it is a development one.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _bundle_kind() -> Any:
    """js/bundle_kind.py, loaded by path (hatchling loads this file by path too, not as a package)."""
    spec = importlib.util.spec_from_file_location("bundle_kind", Path(__file__).with_name("bundle_kind.py"))
    if spec is None or spec.loader is None:
        msg = "js/bundle_kind.py could not be loaded"
        raise RuntimeError(msg)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BundleCheckHook(BuildHookInterface):  # type: ignore[misc]
    """After a wheel is built, check the bundle it ships is the production one."""

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:  # noqa: ARG002
        """Fail the build (and remove the wheel) when the shipped bundle is a development build."""
        if self.target_name != "wheel" or version != "standard":
            return
        static = Path(self.root) / "src" / "journeywidgets" / "static"
        for name in ("index.js", "embed.js"):
            reason = _bundle_kind().development_bundle_reason((static / name).read_text("utf-8"))
            if reason is not None:
                Path(artifact_path).unlink(missing_ok=True)
                msg = (
                    f"refusing to build a wheel with a development bundle: static/{name} {reason}. "
                    "Run 'npm run build' in js/ (or delete src/journeywidgets/static) and build again."
                )
                raise RuntimeError(msg)
