"""NHS England's mesh-sandbox (a local MESH API server, FastAPI) on 127.0.0.1, in a thread, for tests.

Its canned mailboxes: X26ABC1 (ROSE here), X26ABC2 and X26ABC3 (practices); password "password",
shared key "Banana" (the sandbox's default)."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SENDER, PRACTICE, PASSWORD, SHARED_KEY = "X26ABC1", "X26ABC2", "password", "Banana"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_sandbox() -> Iterator[str]:
    """Yield the base URL of a running sandbox; stop it afterwards. Raises RuntimeError if it cannot start."""
    os.environ.setdefault("STORE_MODE", "memory")
    import uvicorn
    from mesh_sandbox.api import app

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    ready = threading.Event()
    for _ in range(500):  # wait for the socket to listen (bounded; a failed start raises below)
        if server.started or not thread.is_alive():
            break
        ready.wait(0.02)
    if not server.started:
        raise RuntimeError("mesh-sandbox did not start")
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
