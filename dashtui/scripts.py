"""`dashtui failed` and `dashtui export`: the same data as the TUI, for shells and scripts."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Coroutine
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from . import backends
from .backend import Backend
from .errors import BackendError
from .config import TOKEN_ENV, Config
from .cli import EXPORT_FORMATS
from .compose import platform_names
from .domain.platforms import SPECS, Platform
from .domain.posts import Status
from .domain.timeutil import span
from .domain.when import WhenError, parse_day
from .report import failed_items, failed_json, failed_text, failed_window, fetch, render_export
from .termsafe import say, write

EXIT_FAILED, EXIT_USAGE, EXIT_UNCHECKED = 1, 2, 3
T = TypeVar("T")


def _client(config: Config, demo: bool, kind: str | None = None) -> Backend | None:
    if demo:
        from .demo import demo_sandbox_client

        return demo_sandbox_client(kind or "dash")
    token = config.token_value()
    if not token:
        print(f"dashtui: no API token. Set {TOKEN_ENV} or `token` in the config "
              "(or try --demo).", file=sys.stderr)
        return None
    return backends.from_config(config)


async def _brands(client: Backend, config: Config, every: bool):
    me = await client.whoami()
    brands = me.brand_list()
    if config.brands:
        brands = [b for b in brands if b.id in config.brands]
    if every:
        return brands
    if config.brand is not None:
        brand = me.find_brand(config.brand)
        if brand is None:
            raise LookupError(f"brand {config.brand!r} is not among the token's brands: "
                              + ", ".join(f"{b.slug} ({b.id})" for b in brands))
        return [brand]
    return brands[:1]


def _error(message: object) -> None:
    say(sys.stderr, f"dashtui: {message}")


def _run(job: Coroutine[Any, Any, T]) -> T | int:
    """The script's work, or the exit code of why it could not be done (said on stderr)."""
    try:
        return asyncio.run(job)
    except LookupError as exc:  # an unknown --brand: an argument error, not an outage
        _error(exc)
        return EXIT_USAGE
    except BackendError as exc:
        _error(exc)
        return EXIT_UNCHECKED


def run_failed(config: Config, args: argparse.Namespace) -> int:
    client = _client(config, args.demo, getattr(args, "backend", None))
    if client is None:
        return EXIT_USAGE
    now = datetime.now(timezone.utc)
    days = config.failed_days if args.days is None else args.days  # 0: the next 24 h only

    async def go():
        async with client:
            brands = await _brands(client, config, args.all_brands)
            items, problems = await fetch(client, brands, *failed_window(now, days))
            platforms = len(client.capabilities.platforms) or len(Platform)
            return failed_items(items), problems, len(brands) * platforms - len(problems)

    ran = _run(go())
    if isinstance(ran, int):
        return ran
    items, problems, checked = ran
    if args.json:
        write(sys.stdout, json.dumps(failed_json(items, now, problems, checked),
                                     ensure_ascii=False, indent=2) + "\n", json=True)
        for problem in problems:  # also where a cron job's mail shows it
            _error(f"could not check {problem}")
    else:
        write(sys.stdout, failed_text(items, now, config.zone(), problems, checked))
    if items:
        return EXIT_FAILED
    return EXIT_UNCHECKED if problems else 0


def _day(text: str, today: date) -> date:
    """--from/--to: the day grammar of the app's `g` and time field (domain/when.py)."""
    try:
        return parse_day(text, today)
    except WhenError as exc:
        raise ValueError(f"{text!r} is not a date ({exc})") from None


def _statuses(text: str | None) -> set[str] | None:
    if not text:
        return None
    known = {s.value for s in Status}
    values = {v.strip().upper() for v in text.split(",")}
    if unknown := values - known:
        raise ValueError(f"unknown status: {', '.join(sorted(unknown))} (known: "
                         f"{', '.join(sorted(known))})")
    return values


def _platforms(text: str | None) -> list[Platform] | None:
    if not text:
        return None
    names = platform_names()
    wanted = [v.strip() for v in text.split(",") if v.strip()]
    if unknown := [v for v in wanted if v.lower() not in names]:
        known = ", ".join(spec.label if spec.label.lower() == p.value
                          else f"{spec.label} ({p.value})" for p, spec in SPECS.items())
        raise ValueError(f"unknown platform: {', '.join(unknown)} (known: {known})")
    return sorted({names[v.lower()] for v in wanted}, key=list(Platform).index)


def _format(fmt: str | None, output: str | None) -> str:
    """--format if given, else the -o file's extension, else CSV."""
    if fmt:
        return fmt
    if not output:
        return "csv"
    ext = Path(output).suffix.lower().lstrip(".")
    if ext not in EXPORT_FORMATS:
        raise ValueError(f"can't tell the format of {output!r} from its extension: name it "
                         f"{' or '.join('.' + f for f in EXPORT_FORMATS)}, or give --format")
    return ext


def run_export(config: Config, args: argparse.Namespace) -> int:
    try:
        today = datetime.now(timezone.utc).astimezone(config.zone()).date()
        first, last = _day(args.start, today), _day(args.end, today)
        if last < first:
            raise ValueError("--to is before --from")
        statuses = _statuses(args.status)
        chosen = _platforms(args.platform) or list(Platform)
        fmt = _format(args.format, args.output)
    except ValueError as exc:
        _error(exc)
        return EXIT_USAGE
    client = _client(config, args.demo, getattr(args, "backend", None))
    if client is None:
        return EXIT_USAGE
    zone = config.zone()

    async def go():
        async with client:
            brands = await _brands(client, config, args.all_brands)
            return await fetch(client, brands, *span(first, last, zone), chosen)

    ran = _run(go())
    if isinstance(ran, int):
        return ran
    items, problems = ran
    if statuses:
        items = [i for i in items if i.status in statuses]
    text = render_export(items, fmt, zone)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")  # a file gets the raw text
        except OSError as exc:
            _error(f"can't write {args.output}: {exc.strerror or exc}")
            return EXIT_USAGE
        say(sys.stderr, f"wrote {len(items)} post(s) to {args.output}")
    else:
        write(sys.stdout, text, json=fmt == "json")
    for problem in problems:
        _error(f"could not export {problem}")
    return EXIT_UNCHECKED if problems else 0
