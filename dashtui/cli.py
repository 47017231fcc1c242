"""Entry point: the TUI by default, plus `sandbox` and `doctor`.

Heavy imports (Textual, uvicorn) happen inside the command that needs them, so `--help`,
`--version` and `doctor` start fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .config import ConfigError, load_config

EXIT_CONFIG = 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="dashtui",
        description="Work a Dash Social schedule from the terminal.",
        epilog="Without a command, opens the TUI. Try `dashtui --demo` first: it needs no "
               "token and runs against a built-in sandbox with demo data.",
    )
    p.add_argument("--version", action="version", version=f"dashtui {__version__}")
    p.add_argument("--config", metavar="FILE", help="config file (default: the platform's "
                   "config dir, or $DASHTUI_CONFIG)")
    p.add_argument("--api-root", metavar="URL", help="serve all four Dash services from URL "
                   "(e.g. a sandbox at http://127.0.0.1:8765)")
    p.add_argument("--brand", metavar="BRAND", help="brand to open: id, slug or name")
    p.add_argument("--tz", metavar="ZONE", help="display time zone, e.g. Europe/Paris")
    p.add_argument("--read-only", action="store_true", help="disable every write")
    p.add_argument("--demo", action="store_true",
                   help="run against the built-in sandbox with demo data and a throwaway cache")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    sb = sub.add_parser("sandbox", help="serve the local Dash API stand-in over HTTP")
    sb.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    sb.add_argument("--port", type=int, default=8765)
    sb.add_argument("--token", default="dash-sandbox-token",
                    help="the bearer token it accepts (default: dash-sandbox-token)")
    sb.add_argument("--state", metavar="FILE", type=Path,
                    help="keep the sandbox's data in FILE across restarts")
    sb.add_argument("--seed", type=int, default=7, help="demo data seed")
    sb.add_argument("--empty", action="store_true", help="start with no demo posts")
    sb.add_argument("--latency", type=int, default=0, metavar="MS", help="added latency")
    sb.add_argument("--error-rate", type=float, default=0.0, metavar="P",
                    help="fraction of API requests answered 503 (fault injection)")
    sb.add_argument("--publish-fail-rate", type=float, default=0.1, metavar="P",
                    help="fraction of due posts the publisher fails (default 0.1)")

    sub.add_parser("doctor", help="check config, token and each service's reachability")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "sandbox":
        return _sandbox(args)
    try:
        config = load_config(args.config, {
            "api_root": args.api_root, "brand": args.brand, "timezone": args.tz,
            "read_only": True if args.read_only else None,
        })
    except ConfigError as exc:
        print(f"dashtui: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    if args.command == "doctor":
        from .doctor import run_doctor

        return run_doctor(config, config_file=args.config)
    from .ui.launch import run_tui

    return run_tui(config, demo=args.demo)


def _sandbox(args: argparse.Namespace) -> int:
    from .sandbox.app import run_sandbox

    run_sandbox(host=args.host, port=args.port, token=args.token, state_file=args.state,
                seed=args.seed, demo=not args.empty, latency_ms=args.latency,
                error_rate=args.error_rate, fail_rate=args.publish_fail_rate)
    return 0


if __name__ == "__main__":
    sys.exit(main())
