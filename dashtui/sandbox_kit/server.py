"""Serving a sandbox over real HTTP: in the foreground (`dashtui sandbox`) or in a thread
(tests, benchmarks). Loopback only unless told otherwise."""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class _QuietServer(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # a thread may not own signals
        pass


@contextmanager
def serve_in_thread(app: Any, host: str = "127.0.0.1", port: int = 0,
                    name: str = "sandbox server") -> Iterator[str]:
    """Run `app` under uvicorn in a background thread; yields its base URL."""
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off",
                            timeout_graceful_shutdown=1)
    server = _QuietServer(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"{name} did not start")
        time.sleep(0.01)
    sock = server.servers[0].sockets[0]
    bound_host, bound_port = sock.getsockname()[:2]
    try:
        yield f"http://{bound_host}:{bound_port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def serve_forever(app: Any, host: str, port: int) -> None:
    uvicorn.run(app, host=host, port=port, log_level="info", lifespan="off")


def warn_unless_loopback(host: str, warning: str) -> None:
    """A sandbox knows one token and trusts whoever has it: say so when it is reachable."""
    if host not in LOOPBACK:
        print(warning, file=sys.stderr)
