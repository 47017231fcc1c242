"""After a caption edit of a post in a group: offer the new caption to its siblings.

Siblings are the group's other posts (one `post_group_id`: the same content on other
platforms). Only those that still share the old caption are offered (a platform's own variant
is left alone), and only where the new text passes that platform's checks (a long Instagram
caption is not pushed onto X); the confirmation lists each, and what is left out and why.
The writes go through the outbox like any bulk edit, as one undo step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...domain.platforms import SPECS
from ...domain.rules import ERROR

if TYPE_CHECKING:  # types only
    from ...domain.posts import Post
    from ...session import Session
    from ..app import DashApp


def _plan(session: Session, before: Post, saved: Post) -> tuple[list, list[str]]:
    """(siblings to change, lines about the ones left out)."""
    group = saved.post_group_id
    if not group or before.caption == saved.caption:
        return [], []
    todo, left = [], []
    for row in session.cache.group_rows(group):
        if (row.platform, row.id) == (saved.platform.value, saved.id):
            continue
        post = session.cache.get(row.platform, row.id)
        if post is None:
            continue
        label = f"{SPECS[post.platform].label} #{post.id}"
        if post.caption != before.caption:
            left.append(f"  {label}: has its own text; left as it is")
            continue
        if (why := session.backend.locked_reason(post)) is not None:
            left.append(f"  {label}: {why}")
            continue
        trial = post.model_copy(deep=True)
        trial.caption = saved.caption
        errors = [f for f in session.check(trial) if f.severity == ERROR
                  and f.field == SPECS[post.platform].caption_field]
        if errors:
            left.append(f"  {label}: {errors[0].message}")
            continue
        todo.append(post)
    return todo, left


def offer_siblings(app: DashApp, before: Post, saved: Post) -> bool:
    """Ask whether the new caption goes to the siblings that shared the old one. False
    when there is nothing to offer."""
    from ..actions import post_line
    from ..screens.modals import ConfirmScreen

    session = app.session
    todo, left = _plan(session, before, saved)
    if not todo:
        return False
    lines = [post_line(p, session.zone) for p in todo]
    if left:
        lines += ["", "Not changed:"] + left
    n = len(todo)

    def answered(ok: bool | None) -> None:
        if ok:
            app.run_worker(_apply(app, todo, saved.caption), group="writes",
                           exit_on_error=False)

    app.push_screen(ConfirmScreen(
        f"Use the new caption on {n} sibling{'s' * (n != 1)} in this group too?", lines,
        f"Apply to {n}", destructive=False), answered)
    return True


async def _apply(app: DashApp, posts: list[Post], caption: str) -> None:
    from ...edits import Result

    edits = app.session.edits
    results = []
    with edits.batch("caption to siblings"):
        for post in posts:
            field = SPECS[post.platform].caption_field
            results.append(Result(post, await edits.save(post, {field: caption},
                                                         label="caption to siblings")))
    app.report("caption to siblings", results)
    app.reload_screen()
