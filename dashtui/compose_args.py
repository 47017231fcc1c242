"""`dashtui new`: compose one post for several platforms from the shell.

    dashtui new --platform instagram,x,linkedin --text "..." --at "tomorrow 09:30 PST"
                [--for x="a shorter text"] [--media ID,...] [--draft] [--brand B]

The same checks as the editor (the backend's rules, plus a same-platform post within the
hour), printed; any error exits 1 and sends nothing. Otherwise one post per platform, all in
one `post_group_id`, each through the outbox (the TUI's own, so what could not be sent now is
sent by the next run of either).

Never doubled: the group's key is made from what was asked (brand, platforms, text, time,
media), so running the same command again after a lost answer finds the queued creates and
sends those (looked for on the server first) instead of new ones; and a platform that
already holds this exact post (same text, same minute) is not posted again.
"""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """`new` for cli.py's subparsers."""
    from .domain.zones import ABBREVIATIONS

    abbreviations = ", ".join(sorted(a.name for a in ABBREVIATIONS.values()))
    nw = sub.add_parser(
        "new", parents=[common], help="compose one post for several platforms (one group)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=__doc__.split("\n\n", 1)[1].split("\n\n", 1)[1],
        epilog="Times: the app's grammar (2026-12-15 09:30, tomorrow 9:00, +2h) in the "
               "display zone, or naming one: `brand 09:30`, `09:30 America/Los_Angeles`, "
               f"`09:30 +05:30`, or an abbreviation ({abbreviations}). An abbreviation is "
               "its fixed offset all year: `PST` in July is still UTC-08:00. Exit status: 0 "
               "created, 1 a check or the service refused (nothing sent for it), 2 bad "
               "arguments, 3 queued, not yet sent (run the same command again).")
    nw.add_argument("--platform", required=True, help="comma-separated: instagram,x,linkedin")
    nw.add_argument("--text", required=True, help="the caption, for every platform")
    nw.add_argument("--for", dest="variants", action="append", default=[],
                    metavar="PLATFORM=TEXT", help="a platform's own caption (repeatable)")
    nw.add_argument("--at", help="when to publish (required unless --draft)")
    nw.add_argument("--media", help="comma-separated library media ids")
    nw.add_argument("--draft", action="store_true", help="save as drafts, publish nothing")
    nw.add_argument("--title", help="the title where a platform needs one (Pinterest, "
                    "YouTube)")
