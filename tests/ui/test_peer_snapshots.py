"""Snapshots of Genviral's and Infinipost's editor and failed view at 80x24: each shows only
its service's rows and words. Baselines: tests/ui/__snapshots__/test_peer_snapshots/."""

from __future__ import annotations

import pytest

from dashtui.config import Config
from dashtui.ui.editor.screen import open_editor
from dashtui.ui.launch import build_demo_app

from .conftest import NOW, ZONE, settle
from .test_peer_backends import editable, post_id

KINDS = ["genviral", "infinipost"]


def app_of(tmp_path, kind):
    return build_demo_app(Config(timezone=ZONE), tmp_path, now=NOW, kind=kind)


@pytest.mark.parametrize("kind", KINDS)
def test_editor(snap_compare, tmp_path, kind):
    app = app_of(tmp_path, kind)

    async def run_before(pilot) -> None:
        await settle(pilot)
        target = editable(kind, app.sandbox_app.state.runtime.state)
        post = await app.session.backend.get_post("tiktok", post_id(kind, target))
        open_editor(app, post)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("kind", KINDS)
def test_failed(snap_compare, tmp_path, kind):
    app = app_of(tmp_path, kind)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
