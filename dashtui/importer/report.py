"""The import's report for a person: one line per row with its file line, then its problems.

Text from the file is data: captions are shortened and their control characters shown
(termsafe.visible), whatever the stream is, so a hostile cell can't reach a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from ..domain.platforms import SPECS
from ..domain.rules import ERROR
from ..termsafe import visible
from .rows import ImportFile, ImportRow
from .run import ALREADY, CREATED_NOW, RowResult

SNIPPET = 32


def snippet(text: str | None, width: int = SNIPPET) -> str:
    one = " ".join((text or "").split())
    one = visible(one)
    return one if len(one) <= width else one[:width - 1] + "…"


def when_text(row: ImportRow, zone: ZoneInfo) -> str:
    stamp = row.body.get("timestamp")
    if not stamp:
        return "no time"
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(zone)
    return moment.strftime("%Y-%m-%d %H:%M %Z")


def row_line(row: ImportRow, zone: ZoneInfo, mark: str | None = None) -> str:
    if mark is None:
        mark = "✗" if row.errors else ("⚠" if row.warnings else "✓")
    label = SPECS[row.platform].label if row.platform else visible(
        row.values.get("platform", "?"))[:10]
    caption = row.post.caption if row.post is not None else row.values.get("text", "")
    status = row.body.get("status", "")
    return (f"{mark} {row.lines:<13} {label:<9} {when_text(row, zone):<21} {status:<14} "
            f"{snippet(caption)!r}")


def compact_line(row: ImportRow, zone: ZoneInfo, mark: str | None = None,
                 width: int = 70) -> str:
    """The same, to fit a dialog at 80 columns: `✓ 4-5  BS 12-01 03:00 SCHEDULED two lines`."""
    if mark is None:
        mark = "✗" if row.errors else ("⚠" if row.warnings else "✓")
    where = str(row.line) if row.end_line == row.line else f"{row.line}-{row.end_line}"
    label = SPECS[row.platform].short if row.platform else "??"
    stamp = row.body.get("timestamp")
    when = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(zone).strftime(
        "%m-%d %H:%M") if stamp else "no time    "
    caption = row.post.caption if row.post is not None else row.values.get("text", "")
    head = f"{mark} {where:<5} {label:<2} {when} {row.body.get('status', ''):<9.9} "
    return head + snippet(caption, max(8, width - len(head)))


def problems(row: ImportRow) -> list[str]:
    out = []
    for f in row.findings:
        mark = "✗" if f.severity == ERROR else "⚠"
        where = f"{f.field}: " if f.field and not f.message.startswith(f.field) else ""
        out.append(f"    {mark} {where}{visible(f.message)}")
    return out


def header(imported: ImportFile, brand: str, zone: ZoneInfo, *, dry_run: bool) -> list[str]:
    n = len(imported.rows)
    lines = [f"{'Dry run: checking' if dry_run else 'Importing'} {visible(imported.name)} into "
             f"{visible(brand)}: {n} row(s)",
             f"Times without a zone are read in {zone.key} (the display zone; --tz ZONE to "
             "change it)."]
    if imported.skipped_columns:
        lines.append("Not imported (the service sets them): "
                     + ", ".join(imported.skipped_columns))
    return lines


def check_report(imported: ImportFile, brand: str, zone: ZoneInfo, *, dry_run: bool,
                 already: dict[str, str] | None = None) -> str:
    """The dry run's report: every row, its problems, and a summary."""
    already = already or {}
    lines = header(imported, brand, zone, dry_run=dry_run) + [""]
    for row in imported.rows:
        done = already.get(row.key)
        lines.append(row_line(row, zone, "=" if done else None)
                     + (f"  already created as #{done}" if done else ""))
        lines.extend(problems(row))
    bad = [r for r in imported.rows if r.errors]
    warned = [r for r in imported.rows if not r.errors and r.warnings]
    lines.append("")
    summary = f"{len(imported.rows) - len(bad)} row(s) ready, {len(bad)} with errors"
    if bad:
        shown = ", ".join(str(r.line) for r in bad[:12]) + (", ..." if len(bad) > 12 else "")
        summary += f" (line{'s' * (len(bad) > 1)} {shown})"
    if warned:
        summary += f", {len(warned)} with warnings"
    if already:
        summary += f", {len(already)} already created by an earlier import"
    lines.append(summary + ".")
    if dry_run:
        lines.append("Dry run: nothing was sent.")
    return "\n".join(lines) + "\n"


def result_line(i: int, total: int, result: RowResult) -> str:
    mark = {CREATED_NOW: "✓", ALREADY: "="}.get(result.state, "✗")
    width = len(str(total))
    label = SPECS[result.row.platform].label if result.row.platform else "?"
    return f"[{i:>{width}}/{total}] {mark} {result.row.lines} {label}: {visible(result.message)}"


def summary(results: Sequence[RowResult]) -> str:
    counts: dict[str, int] = {}
    for r in results:
        counts[r.state] = counts.get(r.state, 0) + 1
    parts = [f"{n} {state}" for state, n in counts.items()]
    not_ok = [r for r in results if not r.ok]
    lines = ["Import: " + ", ".join(parts) + f" of {len(results)} row(s)."]
    for r in not_ok[:50]:
        lines.append(f"  ✗ {r.row.lines}: {visible(r.message)}")
    if len(not_ok) > 50:
        lines.append(f"  ... and {len(not_ok) - 50} more")
    return "\n".join(lines) + "\n"
