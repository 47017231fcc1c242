"""`dashtui import FILE.csv [--dry-run] [--skip-bad]`: check every row, then create them.

Exit status: 0 every row is created (now or by an earlier run); 1 a row has errors (dry
run or not) or the service refused one; 2 the file or the arguments can't be used; 3 some
rows are still queued or not sent (the service did not answer): run it again.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Config, data_dir
from ..errors import BackendError
from ..termsafe import say, write
from . import report
from .check import check_file
from .ledger import LEDGER_FILE, Ledger, already_created
from .rows import FileError, ImportFile, read_file
from .run import ALREADY, BAD, CREATED_NOW, REFUSED, Importer

if TYPE_CHECKING:  # a type only: the session and its store load when one is opened
    from ..backend import Backend
    from ..session import Session

EXIT_ERRORS, EXIT_USAGE, EXIT_UNFINISHED = 1, 2, 3


def open_session(config: Config, client: Backend, directory: Path) -> Session:
    """A session over the account's own cache and outbox, as the TUI opens them."""
    from ..session import Session, post_checks, utc_now
    from ..store.cache import Cache
    from ..store.outbox import Outbox

    check = post_checks(config, utc_now, client)
    cache = Cache(directory / "cache.sqlite3", count_findings=lambda post: len(check(post)),
                  backend=client.name)
    outbox = Outbox(directory / "outbox.sqlite3", backend=client.name)
    return Session(config, client, cache, outbox)


def ledger_for(session: Session, directory: Path) -> Ledger:
    return Ledger(directory / LEDGER_FILE, session.backend.name, session.brand.id)


def run_import(config: Config, args: argparse.Namespace) -> int:
    path = Path(args.file)
    if config.read_only and not args.dry_run:
        say(sys.stderr, "dashtui: read-only (--read-only or read_only in the config): "
            "importing creates posts; use --dry-run to check the file")
        return EXIT_USAGE
    try:
        data = path.read_bytes()
    except OSError as exc:
        say(sys.stderr, f"dashtui: can't read {path}: {exc.strerror or exc}")
        return EXIT_USAGE
    zone = config.zone()
    try:
        imported = read_file(data, path.name, zone)
    except FileError as exc:
        say(sys.stderr, f"dashtui: {exc}")
        return EXIT_USAGE
    from ..scripts import _client

    client = _client(config, args.demo, getattr(args, "backend", None))
    if client is None:
        return EXIT_USAGE
    if args.demo:
        with tempfile.TemporaryDirectory(prefix="dashtui-import-") as tmp:
            return asyncio.run(_go(config, args, client, imported, Path(tmp)))
    from ..accounts import account_dir

    directory = account_dir(data_dir(), config.active_account())
    return asyncio.run(_go(config, args, client, imported, directory))


async def _go(config: Config, args: argparse.Namespace, client: Backend, imported: ImportFile,
              directory: Path) -> int:
    directory.mkdir(parents=True, exist_ok=True)
    session = open_session(config, client, directory)
    try:
        async with client:
            try:
                await session.load_brands()
            except BackendError as exc:
                say(sys.stderr, f"dashtui: {exc}")
                return EXIT_UNFINISHED
            if session.brand is None:
                say(sys.stderr, "dashtui: " + (session.brand_problem or
                                               "the token reaches no brand"))
                return EXIT_USAGE
            brand = session.brand
            ledger = ledger_for(session, directory)
            try:
                return await _check_and_send(session, ledger, imported, args,
                                             f"{brand.name} ({brand.id})")
            finally:
                ledger.close()
    finally:
        session.cache.close()
        session.outbox.close()


async def _check_and_send(session: Session, ledger: Ledger, imported: ImportFile,
                          args: argparse.Namespace, brand: str) -> int:
    zone = session.zone
    await check_file(imported, session.backend, session.brand.id, session.check)
    done = already_created(imported, ledger)
    bad = [r for r in imported.rows if r.errors]
    if args.dry_run or (bad and not args.skip_bad):
        write(sys.stdout, report.check_report(imported, brand, zone, dry_run=args.dry_run,
                                              already=done))
        if bad and not args.dry_run:
            say(sys.stderr, f"dashtui: nothing was sent: {len(bad)} row(s) have errors. Fix "
                "them (dashtui import --dry-run shows them), or pass --skip-bad to create "
                "only the rows without errors.")
        return EXIT_ERRORS if bad else 0
    for line in report.header(imported, brand, zone, dry_run=False):
        say(sys.stderr, line)

    def progress(i: int, total: int, result) -> None:
        say(sys.stderr, report.result_line(i, total, result))

    results = await Importer(session, ledger, session.brand.id).run(
        imported, progress=progress)
    write(sys.stdout, report.summary(results))
    states = {r.state for r in results}
    if states <= {CREATED_NOW, ALREADY}:
        return 0
    if states & {REFUSED, BAD}:
        return EXIT_ERRORS
    return EXIT_UNFINISHED
