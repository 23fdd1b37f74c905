"""Start and stop real Jupyter servers (JupyterLab, Voila) for the end-to-end tests."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(argv: list[str], *, cwd: Path, log: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """Start a server in its own process group, so that it and its kernels can be stopped together."""
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    with log.open("wb") as handle:
        return subprocess.Popen(
            argv, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT, env=full_env, start_new_session=True
        )


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server and every process of its group (its kernels)."""
    if proc.poll() is None:
        pgid = os.getpgid(proc.pid)
        os.killpg(pgid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            proc.wait(5)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _check_alive(proc: subprocess.Popen[bytes], log: Path) -> None:
    if proc.poll() is not None:
        tail = log.read_text(errors="replace")[-3000:]
        msg = f"server exited with code {proc.returncode}; log tail:\n{tail}"
        raise RuntimeError(msg)


def wait_port(port: int, proc: subprocess.Popen[bytes], log: Path, timeout: float = 90) -> None:
    """Wait until the port accepts connections (Voila: an HTTP GET would start a kernel)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _check_alive(proc, log)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"port {port} did not open in {timeout} s")


def wait_http(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _check_alive(proc, log)
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback URL we built
                if response.status < 500:
                    return
        except urllib.error.HTTPError as err:
            if err.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(url)


def voila_argv(notebook_or_folder: Path, port: int) -> list[str]:
    return [
        str(BIN / "voila"),
        str(notebook_or_folder),
        f"--port={port}",
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        "--show_tracebacks=True",
        '--VoilaConfiguration.extension_denylist=["@jupyter-notebook/lab-extension"]',
    ]


def _server_argv(executable: str, root: Path, port: int) -> list[str]:
    """A Jupyter server on 127.0.0.1:``port`` serving ``root``, with no token, password or XSRF check."""
    return [
        str(BIN / executable),
        "--no-browser",
        "--allow-root",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True",
        f"--ServerApp.root_dir={root}",
    ]


def lab_argv(root: Path, port: int, config: Path) -> list[str]:
    settings = config / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)
    # the "get notified about Jupyter news?" toast appears even with news_url=None
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    return [
        *_server_argv("jupyter-lab", root, port),
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabServerApp.user_settings_dir={config / 'settings'}",
        f"--LabServerApp.workspaces_dir={config / 'workspaces'}",
    ]


def notebook_argv(root: Path, port: int, config: Path) -> list[str]:
    """Jupyter Notebook 7 (the classic-style single-document front end, built on JupyterLab's parts)."""
    return [
        *_server_argv("jupyter-notebook", root, port),
        "--expose-app-in-browser",
        f"--JupyterNotebookApp.user_settings_dir={config / 'settings'}",
        f"--JupyterNotebookApp.workspaces_dir={config / 'workspaces'}",
    ]


@contextlib.contextmanager
def jupyter_server(
    argv_of: Callable[[Path, int, Path], list[str]], root: Path, config: Path, log: Path, env: dict[str, str]
) -> Iterator[str]:
    """Run the server ``argv_of(root, port, config)`` until the block ends; yields its base URL."""
    port = free_port()
    proc = start(argv_of(root, port, config), cwd=root, log=log, env={"JUPYTER_CONFIG_DIR": str(config), **env})
    try:
        wait_http(f"http://127.0.0.1:{port}/api/status", proc, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)
