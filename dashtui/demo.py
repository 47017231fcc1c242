"""The built-in demo: the client talks to an in-process sandbox, no network, no token."""

from __future__ import annotations

import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import backends
from .backends import DEMO_ROOT, DEMO_TOKEN  # noqa: F401 - tests and scripts read them here
# the terminal hung up, or a `kill`: the demo still removes its directory (no SIGHUP on Windows)
_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGHUP", "SIGTERM")
                      if hasattr(signal, name))


demo_client = backends.demo_backend  # a backend over an in-process sandbox app
demo_sandbox_client = backends.demo_sandbox_backend  # ... with the demo data


@contextmanager
def demo_home() -> Iterator[Path]:
    """A throwaway directory for the demo's cache and outbox, removed however the demo ends:
    a normal quit, an error, ctrl+c, or SIGHUP/SIGTERM (the terminal closed, a `kill`).

    A signal raises SystemExit in the main thread, so the app unwinds (restoring the
    terminal where there still is one) and the `finally` below removes the directory.
    """
    path = Path(tempfile.mkdtemp(prefix="dashtui-demo-"))

    def ignore() -> None:  # a second signal must not interrupt the unwinding or the clean-up
        for sig in _STOP_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)

    def stop(signum: int, _frame: Any) -> None:
        ignore()
        raise SystemExit(128 + signum)

    previous = {sig: signal.signal(sig, stop) for sig in _STOP_SIGNALS}
    try:
        yield path
    finally:
        ignore()
        shutil.rmtree(path, ignore_errors=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)

