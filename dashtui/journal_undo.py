"""Undo of any journal entry, after a restart too, when the post has not changed since.

The conflict check of a save applies: the service's current version of the post is compared
with the version the journal recorded after the write. If someone (or a later write) changed
it, nothing is sent: the caller gets `Changed` and shows both sides (the conflict screen),
and only an explicit `force=True` sends the undo over the newer version. The undo goes
through the outbox like any write (committed before it is sent, exactly once) and carries
`draft_key = "undo:<entry id>"`, so its own journal entry says which entry it undid, and a
second undo of the same entry is refused while the first is queued or once it landed.

Undo of an update patches back the fields it changed; of a create, deletes the post; of a
delete, re-creates the post from the journal's copy (with a new id). A service's retry
cannot be taken back.

No Textual here: ui/screens/journal.py calls `undo_entry` and shows what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .domain.platforms import SPECS, Platform
from .domain.status import WRITABLE_STATUSES
from .errors import BackendError, NotFoundError
from .store.journal import UNDO_KEY, Entry
from .store.outbox import CREATE, DELETE, RETRY, UPDATE
from .store.writer import Conflict, Failed, Outcome, Queued, Rejected, Saved

if TYPE_CHECKING:
    from .domain.posts import Post
    from .session import Session


@dataclass
class Refused:
    """Nothing was sent; `message` says why."""

    message: str


@dataclass
class Changed:
    """The post changed on the service since the journal's write: nothing was sent."""

    entry: Entry
    server: Post  # the post as it is now
    recorded: Post | None  # the post as the journal's write left it
    revert: dict[str, Any]  # what the undo would send (an update's old values)
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # as left -> now
    message: str = ""


@dataclass
class Undone:
    """The undo was sent (or queued): the writer's outcome and a line for the user."""

    entry: Entry
    outcome: Outcome
    summary: str


UndoResult = Refused | Changed | Undone


def label(entry: Entry) -> str:
    try:
        spec = SPECS[Platform(entry.platform)].label
    except ValueError:
        spec = entry.platform
    return f"{spec} #{entry.post_id}" if entry.post_id is not None else f"a {spec} post"


def revert_changes(entry: Entry) -> dict[str, Any]:
    """An update's old values, of the fields it changed that may be written back."""
    revert: dict[str, Any] = {}
    for key, (before, _after) in entry.diff.items():
        if key == "duplicate_to_brand_ids":
            continue  # copies made in other brands are posts of their own
        if key == "status" and before not in {s.value for s in WRITABLE_STATUSES}:
            continue  # the service won't take FAILED or POSTED back
        revert[key] = before
    return revert


def refusal(session: Session, entry: Entry) -> str | None:
    """Why this entry cannot be undone at all, before asking the service anything."""
    if not entry.ok:
        return f"It never landed ({entry.answer}): there is nothing to undo"
    if entry.undone_by is not None:
        return f"Already undone (journal entry #{entry.undone_by})"
    if entry.kind == RETRY:
        return (f"A retry cannot be taken back: {session.service} has published the post "
                "again or is doing so")
    if entry.post_id is None:
        return "The journal does not know which post it was"
    if session.outbox.find_for_draft(f"{UNDO_KEY}{entry.id}"):
        return "An undo of it is already queued (pending writes, 4)"
    if entry.kind == UPDATE and not revert_changes(entry):
        return "Nothing it changed can be put back"
    if entry.kind == DELETE and not entry.post:
        return "The journal holds no copy of the deleted post to re-create"
    if entry.kind != DELETE and session.outbox.for_post(entry.platform, entry.post_id):
        return "A change to this post is still queued; undo once it has landed (4)"
    return None


def _parse(platform: str, data: dict[str, Any] | None) -> Post | None:
    from .domain.posts import parse_post

    if not data:
        return None
    try:
        return parse_post(platform, data)
    except Exception:  # noqa: BLE001 - an odd copy only loses the side-by-side view
        return None


def _moved(session: Session, entry: Entry, server: Post) -> dict[str, tuple[Any, Any]] | None:
    """The fields that differ from what the journal's write left, or None when the post is
    still at the recorded version."""
    from .domain.posts import READ_ONLY_FIELDS

    recorded = entry.post or {}
    now = server.to_json()
    if entry.version is not None:
        if session.backend.same_version(server, entry.version):
            return None
    elif all(now.get(k) == recorded.get(k) for k in entry.diff):
        return None  # no version to compare: the fields it wrote are as it left them
    return {k: (recorded.get(k), now.get(k)) for k in sorted(set(recorded) | set(now))
            if k not in READ_ONLY_FIELDS and recorded.get(k) != now.get(k)}


async def check(session: Session, entry: Entry) -> Refused | Changed | Post | None:
    """Read the post from the service: the post (unchanged since), None (a delete's post
    is still gone), Changed, or Refused."""
    try:
        server = await session.backend.get_post(entry.platform, entry.post_id)
    except NotFoundError:
        if entry.kind == DELETE:
            return None
        return Refused(f"{label(entry)} is no longer on {session.service}: nothing to undo")
    except BackendError as exc:
        return Refused(f"Could not check {label(entry)} on {session.service} ({exc}); "
                       "nothing was sent")
    if entry.kind == DELETE:
        return Refused(f"{label(entry)} is on {session.service} again: it is not re-created")
    moved = _moved(session, entry, server)
    if moved is None:
        return server
    names = ", ".join(moved) or "its version"
    return Changed(entry, server, _parse(entry.platform, entry.post),
                   revert_changes(entry) if entry.kind == UPDATE else {}, moved,
                   f"{label(entry)} was changed on {session.service} since ({names})")


async def undo_entry(session: Session, entry_id: int, *, force: bool = False) -> UndoResult:
    """Undo journal entry `entry_id`. `force`: the user saw that the post changed since
    and chose to undo anyway (the changed fields the undo does not touch are kept)."""
    entry = session.journal.get(entry_id)
    if entry is None:
        return Refused(f"No journal entry #{entry_id}")
    why = refusal(session, entry)
    if why:
        return Refused(why)
    found = await check(session, entry)
    if isinstance(found, Refused):
        return found
    if isinstance(found, Changed):
        if not force:
            return found
        found = found.server
    outbox, key = session.outbox, f"{UNDO_KEY}{entry.id}"
    if entry.kind == UPDATE:
        assert found is not None
        write = outbox.add(brand_id=found.brand_id, platform=entry.platform, kind=UPDATE,
                           post_id=entry.post_id, body=revert_changes(entry),
                           base_updated_at=session.backend.conflict_version(found),
                           base=found.to_json(), draft_key=key)
    elif entry.kind == CREATE:
        assert found is not None
        write = outbox.add(brand_id=found.brand_id, platform=entry.platform, kind=DELETE,
                           post_id=entry.post_id, body={}, base=found.to_json(),
                           draft_key=key)
    else:  # a delete: back from the journal's copy, with a new id
        from .domain.posts import create_body

        snapshot = _parse(entry.platform, entry.post)
        if snapshot is None:
            return Refused("The journal's copy of the deleted post cannot be read back")
        body = session.backend.prepare_create(
            {**create_body(snapshot, session.clock()), "brand_id": snapshot.brand_id})
        write = outbox.add(brand_id=snapshot.brand_id, platform=entry.platform,
                           kind=CREATE, body=body, draft_key=key)
    outcome = await session.writer.send(write, force=force)
    return Undone(entry, outcome, summary(session, entry, outcome))


def summary(session: Session, entry: Entry, outcome: Outcome) -> str:
    what, service = label(entry), session.service
    if isinstance(outcome, Saved):
        if entry.kind == UPDATE:
            return f"Undid the edit of {what}: {', '.join(revert_changes(entry))} put back"
        if entry.kind == CREATE:
            return f"Undid the create of {what}: it is deleted"
        new = outcome.post.id if outcome.post is not None else "?"
        return f"Undid the delete of {what}: re-created with a new id, #{new}"
    if isinstance(outcome, Conflict):
        return (f"{what} changed on {service} meanwhile: the undo waits for your decision "
                "in pending writes (4)")
    if isinstance(outcome, Queued):
        return f"The undo of {what} is queued ({outcome.reason}); it is sent when it can be"
    if isinstance(outcome, (Rejected, Failed)):
        return f"Not undone: {service} said {outcome.message}"
    return f"{what}: {outcome}"
