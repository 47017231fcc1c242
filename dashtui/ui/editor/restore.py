"""At start: what became of an edit left open (a crash, a kill, a dropped SSH session)?

Before offering a buffer back as "not saved", the outbox and Dash are asked: after a kill in
the middle of a save the change may already be queued, or already on Dash, and saving it
again would conflict with one's own edit or make a second post.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ...errors import BackendError
from ...domain.platforms import Platform
from ...domain.posts import Post, changed_fields, parse_post
from ...store.outbox import CREATE, UPDATE

if TYPE_CHECKING:
    from ...session import Session
    from ..app import DashApp

QUEUED, DELIVERED, UNSAVED, UNCHECKED = "queued", "delivered", "unsaved", "unchecked"


def _has_mine(candidate: Post, draft: Post, mine: set[str]) -> bool:
    """Does `candidate` already hold every value I changed?"""
    return not (set(changed_fields(candidate, draft)) & mine)


def _same_new_post(post: Post, draft: Post) -> bool:
    return post.caption == draft.caption and post.timestamp == draft.timestamp


async def buffer_fate(session: Session, body: dict[str, Any]) -> tuple[str, str]:
    """(QUEUED | DELIVERED | UNSAVED | UNCHECKED, why) for one buffer."""
    if body.get("compose"):
        return compose_fate(session, body)
    platform = Platform(body["platform"])
    original = parse_post(platform, body["original"])
    draft = parse_post(platform, body["draft"])
    brand_id = body.get("brand_id")
    if not body.get("new") and original.id is not None:
        mine = set(changed_fields(original, draft))
        for write in session.outbox.for_post(platform.value, original.id):
            if write.kind == UPDATE:
                queued = parse_post(platform, {**original.to_json(), **write.body})
                if mine and _has_mine(queued, draft, mine):
                    return QUEUED, "this change is already queued for Dash (in the outbox)"
        try:
            server = await session.backend.get_post(platform, original.id)
        except BackendError as exc:
            return UNCHECKED, f"could not check Dash ({exc})"
        if mine and _has_mine(server, draft, mine):
            return DELIVERED, "Dash already has this change"
        return UNSAVED, "it was not saved"
    # a create remembers the buffer it came from: that is the exact answer
    if any(w.kind == CREATE for w in session.outbox.find_for_draft(body["key"])):
        return QUEUED, "this new post is already queued for Dash (in the outbox)"
    for write in session.outbox.pending(brand_id):  # outboxes from before draft keys
        if write.kind == CREATE and write.platform == platform.value:
            try:
                queued = parse_post(platform, write.body)
            except Exception:  # noqa: BLE001 - a write that doesn't parse is not this one
                continue
            if _same_new_post(queued, draft):
                return QUEUED, "this new post is already queued for Dash (in the outbox)"
    if draft.timestamp is not None and brand_id is not None:
        try:
            near = await session.backend.list_posts(platform, brand_id,
                                                   draft.timestamp - timedelta(minutes=1),
                                                   draft.timestamp + timedelta(minutes=1))
        except BackendError as exc:
            return UNCHECKED, f"could not check Dash ({exc})"
        found = next((p for p in near if _same_new_post(p, draft)), None)
        if found is not None:
            return DELIVERED, f"Dash already has this post (#{found.id})"
    return UNSAVED, "it was not saved"


def compose_fate(session: Session, body: dict[str, Any]) -> tuple[str, str]:
    """A compose for several platforms: which of its platforms are still only here."""
    from ...compose import Compose, already_queued

    compose = Compose.from_json(body["compose"])
    left = [p for p in compose.platforms if not already_queued(session.outbox, compose, p)]
    if not left:
        return QUEUED, "every platform of it is already queued for Dash (in the outbox)"
    names = ", ".join(p.value for p in left)
    done = len(body.get("created") or {})
    return UNSAVED, (f"{names} not saved yet" + (f" ({done} already created)" if done
                                                 else ""))


def restore_offer(app: DashApp) -> bool:
    """At start: offer to reopen the newest unsaved edit, saying what became of it. False
    when there is none; the offer itself comes once the outbox and Dash were checked."""
    from .screen import open_editor
    from .state import pending_buffers
    from .dialogs import DISCARD, REOPEN, RestoreOffer

    buffers = pending_buffers(app.session)
    if not buffers:
        return False
    newest = buffers[0]
    if app.restore_offer_for == newest["key"]:
        return True  # already being offered
    app.restore_offer_for = newest["key"]

    def answered(choice: str | None) -> None:
        app.restore_offer_for = None
        if choice == REOPEN:
            open_editor(app, buffer=newest)
        elif choice == DISCARD:
            app.session.outbox.drop_buffer(newest["key"])

    async def check_then_offer() -> None:
        try:
            fate, why = await buffer_fate(app.session, newest)
        except Exception as exc:  # noqa: BLE001 - a damaged buffer is still offered back
            fate, why = UNCHECKED, f"could not check it ({type(exc).__name__})"
        app.push_screen(RestoreOffer(newest, app.session.zone, len(buffers) - 1,
                                     fate=fate, why=why), answered)

    app.run_worker(check_then_offer(), group="restore-offer", exit_on_error=False)
    return True
