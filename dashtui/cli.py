"""Entry point: the TUI by default, plus `sandbox` and `doctor`.

Heavy imports (Textual, uvicorn) happen inside the command that needs them, so `--help`,
`--version` and `doctor` start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .config import BACKEND_KINDS, ConfigError, load_config
from .termsafe import say

EXIT_CONFIG = 2
EXPORT_FORMATS = ("csv", "json")  # what report.render_export writes
MAX_DAYS = 3660  # ten years back is plenty, and far from datetime's range


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if days < 0:
        raise argparse.ArgumentTypeError(f"{days} is negative: use 0 for only the next "
                                         "24 hours, or N to look back N days")
    if days > MAX_DAYS:
        raise argparse.ArgumentTypeError(f"{days} is more than {MAX_DAYS} days")
    return days


def _interval(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 10 <= value <= 86400:
        raise argparse.ArgumentTypeError(f"{text} s: poll every 10 s to 86400 s (a day)")
    return value


# Options every command takes, before or after its name (`dashtui failed --demo`). Their
# defaults are SUPPRESS in the parsers, so a subcommand's parse never overwrites a value given
# before the command; GLOBAL_DEFAULTS fills in what was given nowhere.
GLOBAL_DEFAULTS = {"config": None, "api_root": None, "brand": None, "tz": None,
                   "read_only": False, "demo": False, "backend": None, "account": None}
BACKENDS = BACKEND_KINDS


def _global_options() -> argparse.ArgumentParser:
    g = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    g.add_argument("--config", metavar="FILE", help="config file (default: the platform's "
                   "config dir, or $DASHTUI_CONFIG)")
    g.add_argument("--api-root", metavar="URL", help="serve all four Dash services from URL "
                   "(e.g. a sandbox at http://127.0.0.1:8765)")
    g.add_argument("--brand", metavar="BRAND", help="brand to open: id, slug or name")
    g.add_argument("--tz", metavar="ZONE", help="display time zone, e.g. Europe/Paris")
    g.add_argument("--read-only", action="store_true", help="disable every write")
    g.add_argument("--demo", action="store_true",
                   help="run against the built-in sandbox with demo data and a throwaway cache")
    g.add_argument("--backend", choices=BACKENDS, help="the service: with --demo, run that "
                   "backend's sandbox; otherwise open the config's first account of it")
    g.add_argument("--account", metavar="NAME", help="open the [[accounts]] entry NAME")
    return g


def _parser() -> argparse.ArgumentParser:
    common = _global_options()
    p = argparse.ArgumentParser(
        prog="dashtui", parents=[common],
        description="Work a Dash Social schedule from the terminal.",
        epilog="Without a command, opens the TUI. Try `dashtui --demo` first: it needs no "
               "token and runs against a built-in sandbox with demo data. The options above "
               "work before or after a command's name.",
    )
    p.add_argument("--version", action="version", version=f"dashtui {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    sb = sub.add_parser("sandbox", help="serve a local stand-in of the API over HTTP")
    sb.add_argument("--backend", choices=BACKENDS, default="dash",
                    help="which service's sandbox (default: dash)")
    sb.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    sb.add_argument("--port", type=int, help="default: 8765 dash, 8766 genviral, 8767 "
                    "infinipost")
    sb.add_argument("--token", help="the bearer token it accepts (default: the sandbox's "
                    "own, e.g. dash-sandbox-token)")
    sb.add_argument("--state", metavar="FILE", type=Path,
                    help="keep the sandbox's data in FILE across restarts")
    sb.add_argument("--seed", type=int, default=7, help="demo data seed")
    sb.add_argument("--empty", action="store_true", help="start with no demo posts")
    sb.add_argument("--latency", type=int, default=0, metavar="MS", help="added latency")
    sb.add_argument("--error-rate", type=float, default=0.0, metavar="P",
                    help="fraction of API requests answered 503 (fault injection)")
    sb.add_argument("--publish-fail-rate", type=float, default=0.1, metavar="P",
                    help="fraction of due posts the publisher fails (default 0.1)")
    sb.add_argument("--lenient", action="store_true",
                    help="take the lenient reading of the docs (default: strict; see README)")
    sb.add_argument("--brands", type=int, metavar="N", help="demo data for N brands")

    sub.add_parser("doctor", parents=[common],
                   help="check config, token and each service's reachability")

    fl = sub.add_parser(
        "failed", parents=[common],
        help="print failed posts grouped by cause (for a shell, cron or monitoring)",
        description="Posts in FAILED, PARTIALLY_FAILED, EXPIRED, MISSING_APPROVALS or "
                    "USERS_NOTIFIED from the last N days and the next 24 hours, grouped by "
                    "cause. Exit status: 0 nothing failed, 1 something failed, 2 bad config "
                    "or arguments, 3 Dash (or one platform's list) could not be checked and "
                    "nothing failed in what was read; lists not read are always named.")
    fl.add_argument("--days", type=_days, metavar="N", help="look back N days; 0: only the "
                    "next 24 hours (default: failed_days in the config, 7)")
    fl.add_argument("--all-brands", action="store_true", help="every brand the token reaches")
    fl.add_argument("--json", action="store_true", help="machine-readable output")

    ex = sub.add_parser("export", parents=[common],
                        help="export posts of a date range to CSV or JSON",
                        description="Dates are days in the display zone, both included.")
    ex.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    ex.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
    ex.add_argument("--status", help="comma-separated statuses, e.g. FAILED,SCHEDULED")
    ex.add_argument("--platform", help="comma-separated platforms as the UI names them or as "
                    "Dash does, any case, e.g. instagram,X (or twitter)")
    ex.add_argument("--format", choices=EXPORT_FORMATS, help="csv or json (default: from "
                    "the -o file's extension, else csv)")
    ex.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    ex.add_argument("--all-brands", action="store_true", help="every brand the token reaches")

    im = sub.add_parser(
        "import", parents=[common], help="create posts from a CSV file (check it first with "
        "--dry-run)",
        description="Columns: platform, text, time, status, media_ids, post_type and any "
                    "documented field by its API name; a header row is required. A time "
                    "without a zone is read in the display zone (--tz). Resumable: run it "
                    "again after an interruption and only the rows not yet created are. "
                    "Exit status: 0 all created, 1 a row has errors or was refused, 2 the "
                    "file can't be read, 3 rows still queued (run it again).")
    im.add_argument("file", metavar="FILE.csv")
    im.add_argument("--dry-run", action="store_true",
                    help="check every row and print the report; send nothing")
    im.add_argument("--skip-bad", action="store_true",
                    help="create the rows without errors even when others have some")

    w = sub.add_parser(
        "watch", parents=[common],
        help="poll every brand; run notify_command when a post fails or a view crosses "
             "its alert_above",
        description="Polls every brand of the account and runs notify_command (config) once "
                    "for each post that newly fails and each saved view whose count goes "
                    "above its alert_above, with the alert as JSON on stdin and as DASHTUI_* "
                    "environment variables; remembered across restarts. Exit status of "
                    "--once: 0 done, 2 bad config or arguments, 3 some lists could not be "
                    "read, 4 the notify command failed (the alert is kept and tried again).")
    w.add_argument("--once", action="store_true", help="poll once and exit (for cron)")
    w.add_argument("--interval", type=_interval, metavar="S",
                   help="seconds between polls (default: watch_interval in the config, 300)")

    from .compose_args import add_parser as add_new

    add_new(sub, common)
    return p


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    args = _parser().parse_args(argv)
    for name, default in GLOBAL_DEFAULTS.items():
        if not hasattr(args, name):
            setattr(args, name, default)
    return args


def main(argv: list[str] | None = None) -> int:
    try:
        return _run(parse_args(argv))
    except BrokenPipeError:  # `dashtui failed | head`: the reader left, no traceback
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the flush at exit can't raise again
        return 128 + 13  # as if killed by SIGPIPE


def _run(args: argparse.Namespace) -> int:
    if args.command == "sandbox":
        return _sandbox(args)
    try:
        config = load_config(args.config, {
            "api_root": args.api_root, "brand": args.brand, "timezone": args.tz,
            "read_only": True if args.read_only else None,
            "account": None if args.demo else args.account,
        })
    except ConfigError as exc:
        say(sys.stderr, f"dashtui: {exc}")
        return EXIT_CONFIG
    if args.backend and not args.demo:
        if config.find_account(args.backend) is None:
            say(sys.stderr, f"dashtui: no {args.backend} account in the config: add an "
                f"[[accounts]] entry with backend = \"{args.backend}\" (or try --demo "
                f"--backend {args.backend})")
            return EXIT_CONFIG
        if not args.account:
            config = config.model_copy(update={"account": args.backend})
    if args.command == "doctor":
        from .doctor import run_doctor

        return run_doctor(config, config_file=args.config, demo=args.demo,
                          kind=args.backend or "dash")
    if args.command == "import":
        from .importer.cli import run_import

        return run_import(config, args)
    if args.command == "watch":
        from .watch import run_watch

        return run_watch(config, args)
    if args.command == "new":
        from .compose_cli import run_new

        return run_new(config, args)
    if args.command in ("failed", "export"):
        from .scripts import run_export, run_failed

        return (run_failed if args.command == "failed" else run_export)(config, args)
    from .ui.launch import run_tui

    return run_tui(config, demo=args.demo, kind=args.backend if args.demo else None)


def _sandbox(args: argparse.Namespace) -> int:
    from .backends import DEMO_TOKENS, SANDBOX_PORTS, run_sandbox

    kind = args.backend
    options = dict(host=args.host, port=args.port or SANDBOX_PORTS[kind],
                   token=args.token or DEMO_TOKENS[kind], seed=args.seed,
                   profile="lenient" if args.lenient else "strict")
    if kind == "dash":
        options.update(state_file=args.state, demo=not args.empty, latency_ms=args.latency,
                       error_rate=args.error_rate, fail_rate=args.publish_fail_rate,
                       brands=args.brands)
    else:
        given = [flag for flag, value in (("--state", args.state), ("--empty", args.empty),
                                          ("--latency", args.latency),
                                          ("--error-rate", args.error_rate),
                                          ("--brands", args.brands)) if value]
        if given:
            say(sys.stderr, f"dashtui sandbox: {', '.join(given)} only work with the Dash "
                "sandbox; use its /_sandbox/faults control endpoint instead")
            return EXIT_CONFIG
    run_sandbox(kind, **options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
