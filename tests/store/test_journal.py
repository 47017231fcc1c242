"""The journal over the sandbox (real HTTP on 127.0.0.1): each write with its diff and the
service's answer, kept across a restart; undo of any entry when the post has not changed
since, refused (nothing sent) when it has."""

from __future__ import annotations

from dashtui.config import Config
from dashtui.domain.posts import new_post
from dashtui.journal_undo import Changed, Refused, Undone, undo_entry
from dashtui.session import Session
from dashtui.store.cache import Cache
from dashtui.store.journal import Journal
from dashtui.store.outbox import Outbox
from dashtui.store.writer import Saved

from .conftest import BRAND, SANDBOX_TOKEN

WHEN = "2026-04-01T10:00:00+00:00"


def _session(tmp_path, client) -> Session:
    return Session(Config(), client, Cache(tmp_path / "cache.db"), Outbox(tmp_path / "outbox.db"))


def _close(session: Session) -> None:
    session.close_journal()
    session.cache.close()
    session.outbox.close()


async def _seed(client, text="old words"):
    return await client.create_post("twitter", new_post(
        "twitter", brand_id=BRAND, status="SCHEDULED", auto_publish=True, timestamp=WHEN,
        tweet_status=text))


async def test_a_save_is_journaled_with_its_diff_and_answer(sandbox, clock, tmp_path):
    async with sandbox.client(clock) as client:
        post = await _seed(client)
        session = _session(tmp_path, client)
        outcome = await session.edits.save(post, {"tweet_status": "new words"})
        assert isinstance(outcome, Saved)
        [entry] = session.journal.entries()
        assert entry.kind == "update" and entry.ok and entry.platform == "twitter"
        assert entry.post_id == post.id and entry.brand_id == BRAND
        assert entry.diff == {"tweet_status": ("old words", "new words")}
        assert entry.version == client.conflict_version(outcome.post)
        assert entry.account == "Dash" and entry.answer == "done"
        assert entry.write_id == outcome.write.id
        _close(session)
    data = b"".join(p.read_bytes() for p in tmp_path.glob("journal.sqlite3*"))
    assert b"new words" in data and SANDBOX_TOKEN.encode() not in data


async def test_a_refusal_is_journaled_with_the_status_and_error(sandbox, clock, tmp_path):
    async with sandbox.client(clock) as client:
        post = await _seed(client)
        session = _session(tmp_path, client)
        await session.edits.save(post, {"caption": "wrong field for X"})
        [entry] = session.journal.entries()
        assert not entry.ok and entry.status == 422 and "Caption" in entry.answer  # in words, not the wire name
        assert isinstance(await undo_entry(session, entry.id), Refused)
        _close(session)


async def test_after_a_restart_undo_of_a_save_restores_the_old_caption(sandbox, clock,
                                                                       tmp_path):
    async with sandbox.client(clock) as client:
        post = await _seed(client)
        first = _session(tmp_path, client)
        await first.edits.save(post, {"tweet_status": "new words"})
        _close(first)
    # dashtui stops; later it starts again on the same data dir, in-session undo long gone
    async with sandbox.client(clock) as client:
        again = _session(tmp_path, client)
        [entry] = again.journal.entries()
        assert entry.diff == {"tweet_status": ("old words", "new words")}
        result = await undo_entry(again, entry.id)
        assert isinstance(result, Undone) and isinstance(result.outcome, Saved), result
        assert "put back" in result.summary
        assert (await client.get_post("twitter", post.id)).caption == "old words"
        undo, done = again.journal.entries()
        assert undo.undoes == entry.id and undo.diff == {
            "tweet_status": ("new words", "old words")}
        assert done.undone_by == undo.id
        # undone once: a second undo is refused and sends nothing
        patches = sandbox.hits("PATCH")
        second = await undo_entry(again, entry.id)
        assert isinstance(second, Refused) and "Already undone" in second.message
        assert sandbox.hits("PATCH") == patches
        assert again.outbox.count() == 0
        _close(again)


async def test_undo_is_refused_when_the_post_changed_since(sandbox, clock, tmp_path):
    async with sandbox.client(clock) as client:
        post = await _seed(client)
        first = _session(tmp_path, client)
        await first.edits.save(post, {"tweet_status": "new words"})
        [entry] = first.journal.entries()
        _close(first)
        await client.update_post("twitter", post.id, {"tweet_status": "colleague's words"})
    async with sandbox.client(clock) as client:
        again = _session(tmp_path, client)
        patches = sandbox.hits("PATCH")
        result = await undo_entry(again, entry.id)
        assert isinstance(result, Changed)
        assert result.fields["tweet_status"] == ("new words", "colleague's words")
        assert "changed" in result.message and result.revert == {"tweet_status": "old words"}
        assert sandbox.hits("PATCH") == patches and again.outbox.count() == 0
        assert (await client.get_post("twitter", post.id)).caption == "colleague's words"
        # the user saw both sides and chose to undo anyway
        forced = await undo_entry(again, entry.id, force=True)
        assert isinstance(forced, Undone) and isinstance(forced.outcome, Saved)
        assert (await client.get_post("twitter", post.id)).caption == "old words"
        _close(again)


async def test_undo_of_a_create_deletes_and_undo_of_that_recreates(sandbox, clock, tmp_path):
    from dashtui.domain.posts import post_body

    async with sandbox.client(clock) as client:
        session = _session(tmp_path, client)
        body = post_body(new_post("twitter", status="SCHEDULED", auto_publish=True,
                                  timestamp=WHEN, tweet_status="launch day"))
        created = await session.writer.create("twitter", BRAND, body)
        [entry] = session.journal.entries()
        assert entry.kind == "create" and entry.post_id == created.post.id
        assert entry.changes["tweet_status"] == "launch day"
        gone = await undo_entry(session, entry.id)
        assert isinstance(gone, Undone) and "deleted" in gone.summary
        assert not [p for p in sandbox.state.posts.values() if p.platform == "twitter"]
        delete = session.journal.entries()[0]
        assert delete.kind == "delete" and delete.post["tweet_status"] == "launch day"
        back = await undo_entry(session, delete.id)
        assert isinstance(back, Undone) and "new id" in back.summary
        assert back.outcome.post.id != created.post.id
        assert back.outcome.post.caption == "launch day"
        _close(session)


def test_the_journal_keeps_a_bounded_history(tmp_path, monkeypatch):
    from dashtui.store import journal as journal_mod

    monkeypatch.setattr(journal_mod, "KEEP_ENTRIES", 5)
    monkeypatch.setattr(journal_mod, "PRUNE_EVERY", 1)
    now = [1_800_000_000.0]
    j = Journal(tmp_path / "journal.sqlite3", clock=lambda: now[0])
    for i in range(8):
        j.add(brand_id=1, platform="twitter", post_id=i, kind="update", write_id=i, ok=True,
              answer="done", changes={}, post=None)
    assert [e.post_id for e in j.entries()] == [7, 6, 5, 4, 3]
    now[0] += (journal_mod.KEEP_DAYS + 1) * 86400
    j.prune()
    assert j.entries() == []
    j.close()


def test_a_damaged_journal_is_moved_aside_not_deleted(tmp_path):
    path = tmp_path / "journal.sqlite3"
    path.write_bytes(b"this is no database" * 100)
    j = Journal(path)
    assert j.notices and "moved aside" in j.notices[0]
    assert list(tmp_path.glob("journal.sqlite3.broken-*"))
    assert j.count() == 0
    j.close()


async def test_undo_of_a_create_changed_since_is_refused_until_forced(sandbox, clock,
                                                                      tmp_path):
    from dashtui.domain.posts import post_body

    async with sandbox.client(clock) as client:
        session = _session(tmp_path, client)
        body = post_body(new_post("twitter", status="SCHEDULED", auto_publish=True,
                                  timestamp=WHEN, tweet_status="launch day"))
        created = (await session.writer.create("twitter", BRAND, body)).post
        await client.update_post("twitter", created.id, {"tweet_status": "edited by a colleague"})
        [entry] = session.journal.entries()
        result = await undo_entry(session, entry.id)
        assert isinstance(result, Changed) and "tweet_status" in result.fields
        assert (await client.get_post("twitter", created.id)).caption == "edited by a colleague"
        forced = await undo_entry(session, entry.id, force=True)
        assert isinstance(forced, Undone) and isinstance(forced.outcome, Saved)
        assert not [p for p in sandbox.state.posts.values() if p.platform == "twitter"]
        _close(session)


async def test_an_undo_queued_offline_is_sent_once_and_marks_the_entry(sandbox, clock,
                                                                       tmp_path):
    async with sandbox.client(clock) as client:
        post = await _seed(client)
        session = _session(tmp_path, client)
        await session.edits.save(post, {"tweet_status": "new words"})
        [entry] = session.journal.entries()
        # the service breaks after the check: the undo stays queued in the outbox
        sandbox.faults(path="/scheduler/", method="PATCH", error_rate=1.0)
        result = await undo_entry(session, entry.id)
        assert isinstance(result, Undone) and "queued" in result.summary
        again = await undo_entry(session, entry.id)
        assert isinstance(again, Refused) and "already queued" in again.message
        sandbox.control("DELETE", "faults")
        [landed] = await session.writer.flush(due_only=False)
        assert isinstance(landed, Saved)
        assert (await client.get_post("twitter", post.id)).caption == "old words"
        undo, done = session.journal.entries()
        assert undo.undoes == entry.id and done.undone_by == undo.id
        _close(session)
