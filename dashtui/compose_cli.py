"""`dashtui new`: compose one post for several platforms from the shell (the
arguments are in compose_args.py, which cli.py loads at every start without this module)."""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .compose import Compose, already_queued, check_all, create_group, has_errors, kept
from .config import Config
from .domain.platforms import SPECS, Platform
from .domain.rules import ERROR
from .domain.status import Status
from .domain.when import WhenError, parse_when
from .errors import BackendError
from .termsafe import say

EXIT_ERRORS, EXIT_USAGE, EXIT_UNSENT = 1, 2, 3
SEND_TRIES = 3  # a create whose answer was lost is looked for, then sent, up to this often


def _platforms(text: str) -> list[Platform]:
    from .scripts import _platforms as read

    return read(text) or []


def _variants(items: list[str], chosen: list[Platform]) -> dict[Platform, str]:
    out: dict[Platform, str] = {}
    for item in items:
        name, sep, text = item.partition("=")
        if not sep:
            raise ValueError(f"--for {item!r}: write PLATFORM=TEXT, e.g. x=\"shorter\"")
        platform = _platforms(name)[0]
        if platform not in chosen:
            raise ValueError(f"--for {name}: {SPECS[platform].label} is not in --platform")
        out[platform] = text
    return out


def _media(text: str | None) -> list[int]:
    if not text:
        return []
    try:
        return [int(v) for v in text.replace(" ", "").split(",") if v]
    except ValueError:
        raise ValueError(f"--media {text!r}: media ids are numbers, comma-separated") from None


def group_key(brand_id: int, compose: Compose) -> str:
    """The same command gives the same key: a re-run finds its own queued creates."""
    data = compose.to_json()
    wanted = {k: data[k] for k in ("platforms", "text", "variants", "timestamp", "status",
                                   "media_ids", "extras")}
    digest = hashlib.sha256(json.dumps([brand_id, wanted], sort_keys=True).encode())
    return f"cli-new-{digest.hexdigest()[:16]}"


def _print_checks(compose: Compose, findings: dict) -> None:
    for platform in compose.platforms:
        spec = SPECS[platform]
        found = findings.get(platform, [])
        if not found:
            say(sys.stdout, f"✓ {spec.label}: no problems found")
        for f in found:
            mark = "✗" if f.severity == ERROR else "⚠"
            say(sys.stdout, f"{mark} {spec.label}: {f.message}")


def run_new(config: Config, args: argparse.Namespace) -> int:
    from .scripts import _brands, _client

    try:
        chosen = _platforms(args.platform)
        if not chosen:
            raise ValueError("--platform names no platform")
        variants = _variants(args.variants, chosen)
        media = _media(args.media)
        if not args.at and not args.draft:
            raise ValueError("give --at for when to publish, or --draft")
    except ValueError as exc:
        say(sys.stderr, f"dashtui: {exc}")
        return EXIT_USAGE
    if config.read_only:
        say(sys.stderr, "dashtui: read-only: `new` would write; nothing was sent")
        return EXIT_USAGE
    client = _client(config, args.demo, getattr(args, "backend", None))
    if client is None:
        return EXIT_USAGE
    now = datetime.now(timezone.utc)

    async def go() -> int:
        async with client:
            brand = (await _brands(client, config, False) or [None])[0]
            if brand is None:
                say(sys.stderr, "dashtui: this token reaches no brand")
                return EXIT_USAGE
            try:
                when = parse_when(args.at or "", now=now, zone=config.zone(),
                                  brand_zone=config.brand_zone(brand.id, brand.slug or ""))
            except WhenError as exc:
                say(sys.stderr, f"dashtui: --at: {exc}")
                return EXIT_USAGE
            if when is not None:
                say(sys.stdout, f"At {when.local:%a %d %b %Y %H:%M %Z} "
                    f"({when.utc:%Y-%m-%d %H:%M} UTC)" + (f"; {when.warning}"
                                                          if when.warning else ""))
            if not client.capabilities.post_groups:
                say(sys.stderr, f"dashtui: {client.capabilities.label} keeps no post "
                    "group; `new` is for Dash (make each post in the editor instead)")
                return EXIT_USAGE
            compose = Compose(brand.id, chosen, args.text, variants,
                              when.utc if when else None,
                              Status.DRAFT.value if args.draft else Status.SCHEDULED.value,
                              media)
            if args.title:
                for p in chosen:
                    if SPECS[p].title_field:
                        compose.extras.setdefault(p, {})[SPECS[p].title_field] = args.title
            return await _check_and_create(config, client, compose, now, args.demo)

    try:
        return asyncio.run(go())
    except LookupError as exc:  # an unknown --brand
        say(sys.stderr, f"dashtui: {exc}")
        return EXIT_USAGE
    except BackendError as exc:
        say(sys.stderr, f"dashtui: {exc}")
        return EXIT_UNSENT


async def _kinds(client: Any, brand_id: int, ids: list[int]) -> dict[int, str]:
    kinds: dict[int, str] = {}
    for media_id in ids:
        try:
            item = await client.get_media(brand_id, media_id)
        except BackendError:
            continue  # the check says the type is unknown
        kind = getattr(item, "kind", None) or getattr(item, "type", None)
        if isinstance(kind, str):
            kinds[media_id] = kind.upper()
    return kinds


async def _nearby(client: Any, compose: Compose) -> dict[Platform, list]:
    """The brand's posts within two hours of the time, per platform, as cache rows."""
    from .store.cache import PostRow

    out: dict[Platform, list] = {}
    if compose.timestamp is None:
        return out
    start, end = compose.timestamp - timedelta(hours=2), compose.timestamp + timedelta(hours=2)
    for platform in compose.platforms:
        try:
            posts = await client.list_posts(platform, compose.brand_id, start, end)
        except BackendError:
            posts = []
        out[platform] = [PostRow(p.platform.value, p.id, p.brand_id or 0, p.status,
                                 int(p.timestamp.timestamp()) if p.timestamp else None,
                                 None, p.caption, len(p.media_ids), None, None, 0)
                         for p in posts]
    return out


def _same_post(existing: list, compose: Compose, platform: Platform) -> Any:
    """A post of this platform already holding exactly this text at this minute."""
    caption = compose.caption_for(platform)
    at = compose.timestamp.timestamp() if compose.timestamp else None
    return next((r for r in existing if r.caption == caption and at is not None
                 and r.ts is not None and abs(r.ts - at) < 60), None)


async def _check_and_create(config: Config, client: Any, compose: Compose,
                            now: datetime, demo: bool = False) -> int:
    from .session import post_checks
    from .store.writer import Queued, Unsure

    kinds = await _kinds(client, compose.brand_id, compose.media_ids)
    nearby = await _nearby(client, compose)
    findings = check_all(compose, post_checks(config, lambda: now, client), kinds,
                         lambda post: nearby.get(post.platform, []), config.zone())
    _print_checks(compose, findings)
    if has_errors(findings):
        say(sys.stderr, "dashtui: nothing was sent: fix the errors above")
        return EXIT_ERRORS
    edits, outbox = _edits(config, client, demo)
    try:
        compose.key = group_key(compose.brand_id, compose)
        for platform in compose.platforms:  # a re-run keeps the group of its first run
            for write in already_queued(outbox, compose, platform):
                compose.group_id = write.body.get("post_group_id") or compose.group_id
        todo = []
        for platform in compose.platforms:
            same = None if already_queued(outbox, compose, platform) else \
                _same_post(nearby.get(platform, []), compose, platform)
            if same is not None:
                say(sys.stdout, f"= {SPECS[platform].label}: already there as #{same.id}; "
                    "not posted again")
            else:
                todo.append(platform)
        outcomes = await create_group(edits, compose, only=todo) if todo else {}
        for _ in range(SEND_TRIES - 1):  # lost answers: looked for, then sent again
            # queued by a lost answer or the network; not Unsure (that waits for the user)
            again = [p for p, o in outcomes.items()
                     if isinstance(o, Queued) and not isinstance(o, Unsure)]
            if not again:
                break
            await asyncio.sleep(0.5)
            outcomes.update(await create_group(edits, compose, only=again))
    finally:
        edits.writer.cache.close()
        outbox.close()
    return _report(compose, outcomes)


def _report(compose: Compose, outcomes: dict) -> int:
    from .compose import outcome_line
    from .store.writer import Saved

    code = 0
    for platform, outcome in outcomes.items():
        say(sys.stdout, outcome_line(platform, outcome))
        if not kept(outcome):
            code = EXIT_ERRORS
        elif not isinstance(outcome, Saved) and code == 0:
            code = EXIT_UNSENT
    say(sys.stdout, f"group {compose.group_id}")
    return code


def _edits(config: Config, client: Any, demo: bool):
    """Edits over the account's own cache and outbox (the TUI's), or throwaway ones for
    --demo."""
    import tempfile

    from .accounts import account_dir
    from .config import data_dir
    from .edits import Edits
    from .store.cache import Cache
    from .store.outbox import Outbox
    from .store.writer import Writer

    if demo:  # the demo's sandbox lives as long as this run: so do its outbox and cache
        import atexit
        import shutil

        root = Path(tempfile.mkdtemp(prefix="dashtui-new-"))
        atexit.register(shutil.rmtree, root, True)
    else:
        root = account_dir(data_dir(), config.active_account())
    root.mkdir(parents=True, exist_ok=True)
    cache = Cache(root / "cache.sqlite3", backend=client.name)
    outbox = Outbox(root / "outbox.sqlite3", backend=client.name)
    return Edits(Writer(client, cache, outbox), outbox), outbox

