"""The app as a whole: independence from the client, the CLI entry point, direct edits."""

from __future__ import annotations

import subprocess
import sys

from dashtui.backends.dash.sandbox import app as app_module
from dashtui.backends.dash.sandbox.state import StoredPost

from .conftest import World, create


# the client's modules, and what the core shares with it (the sandbox's own package and the
# empty packages above it are fine)
CLIENT_CHECK = ("bad = [m for m in sys.modules if m.startswith(('dashtui.domain', "
                "'dashtui.errors', 'dashtui.backend')) and not m.startswith(("
                "'dashtui.backends.dash.sandbox',)) and m not in ("
                "'dashtui.backends', 'dashtui.backends.dash')]; ")


def test_sandbox_imports_nothing_from_the_client():
    code = ("import sys, dashtui.backends.dash.sandbox.app, dashtui.backends.dash.sandbox.control; "
            + CLIENT_CHECK + "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_run_sandbox_builds_the_app_and_serves_on_loopback(monkeypatch, tmp_path):
    served = {}
    monkeypatch.setattr("dashtui.backends.dash.sandbox.server.serve_forever",
                        lambda app, host, port: served.update(app=app, host=host, port=port))
    app_module.run_sandbox(port=9999, token="t", state_file=tmp_path / "s.json", seed=3,
                           latency_ms=25, fail_rate=0.5, error_rate=0.1, demo=False)
    assert served["host"] == "127.0.0.1" and served["port"] == 9999
    rt = served["app"].state.runtime
    assert rt.token == "t" and rt.publisher.fail_rate == 0.5 and rt.publisher.seed == 3
    (rule,) = rt.faults.rules
    assert rule.latency_ms == 25 and rule.error_rate == 0.1
    assert (tmp_path / "s.json").exists()


async def test_posts_swapped_in_behind_the_apis_back_are_still_published(client, world: World,
                                                                         state, app):
    await client.get("/_sandbox/clock")  # a first full scan
    post = await create(client, world, "twitter")
    data = dict(state.posts[post["id"]].data, id=5)
    state.posts = {5: StoredPost("twitter", data)}  # a new dict, as a test fixture might do
    r = await client.post("/_sandbox/clock", json={"set": "2026-03-11T00:00:00Z"})
    assert [(c["id"], c["to"]) for c in r.json()["transitions"]] == [(5, "POSTED")]
