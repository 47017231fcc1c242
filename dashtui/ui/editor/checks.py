"""The editor's live checks and what they paint: per-field findings, counters, the summary
box and the title line.

The layer of EditorScreen above form.py (save.py builds on it). Checks run on every change
(rules.check takes well under a millisecond); painting is skipped for anything that shows
the same as before, and no paint asks for a layout pass unless a size can change, which
keeps typing light.
"""

from __future__ import annotations

from ...labels import field_label
from typing import Any

from rich.text import Text
from textual.widgets import Static

from ...domain.posts import PROBLEM_STATUSES, Status
from ...domain.rules import ERROR, WARNING, Finding
from ...domain.text import measures
from ..textsafe import clean, one_line
from .fields import BoardSelect
from .media import MediaField
from .form import EditorForm


class CheckFlow(EditorForm):
    def _local_findings(self) -> list[Finding]:
        """What the editor knows beyond rules.check: the time text, the library, Dash's say."""
        out: list[Finding] = []
        st = self.state
        if self.time_error:
            out.append(Finding(ERROR, "timestamp", f"Can't read the time: {self.time_error}"))
        if self.reviewer_error:
            out.append(Finding(ERROR, "approval_requests",
                               f"Reviewers: {self.reviewer_error}"))
        for path, why in self.coded_errors.values():
            out.append(Finding(ERROR, path, f"Can't read {why}"))
        media = self.query(MediaField).first() if "media" in self.defs else None
        for media_id, (severity, why) in (media.problems.items() if media else ()):
            if media_id in media.ids:
                out.append(Finding(severity, "media_ids", f"Media {media_id}: {why}."))
        out += media.limit_findings() if media else []
        if "board" in self.defs and (error := self.query_one(BoardSelect).error):
            out.append(Finding(WARNING, "meta.pinterestBoard", error))
        if st.draft.status in PROBLEM_STATUSES and \
                st.draft.timestamp != st.original.timestamp:
            out.append(Finding(WARNING, "status", f"Still {st.draft.status}: choose Scheduled "
                               "so it goes out at the new time."))
        hit = self._collision()
        if hit is not None:  # said under the time and in the save's confirmation
            out.append(hit)
        for key, messages in self.server_errors.items():
            for message in messages:
                out.append(Finding(ERROR, key, f"{self.session.service}: {message}",
                                   "server"))
        return out

    def _collision(self) -> Finding | None:
        """A post of this brand on this platform within the spacing rule (one hour), read
        from the cache once per time typed."""
        from ...compose import collision_finding, collisions, nearby_rows

        draft = self.state.draft
        key = (draft.timestamp, draft.brand_id)
        if getattr(self, "_near", (None, None))[0] != key:
            self._near = (key, nearby_rows(self.session.cache, draft))
        return collision_finding(draft, collisions(draft, self._near[1]), self.session.zone)

    def _recheck(self) -> None:
        s, st = self.session, self.state
        kinds = self.query_one(MediaField).kinds if "media" in self.defs else {}
        self.findings = s.check(st.draft, kinds) + self._local_findings()
        by_row: dict[str, list[Finding]] = {row.field.id: [] for row in self.rows()}
        summary: list[Finding] = []
        for f in self.findings:
            row = self.row_for(f.field)
            (by_row[row.field.id] if row else summary).append(f)
        for row in self.rows():
            self._paint(row.field.id, tuple(by_row[row.field.id]), row.show)
        for m in measures(st.draft, s.config.x_premium):
            row = self.row_for(m.field)
            if row is not None:
                self._paint(f"{row.field.id}:counter", (m.label, m.severity),
                            lambda v, row=row: row.set_counter(*v))
        self._paint("summary", tuple(summary), self._show_summary)
        self._paint("banner", self._banner(), self._show_banner)
        self._paint("title", (st.dirty, self._counts()), lambda _: self._show_title())

    def _paint(self, key: str, value: Any, paint: Any) -> None:
        if self._shown.get(key) != value:
            self._shown[key] = value
            paint(value)

    def _banner(self) -> tuple[str, str]:
        """(style, text) of the line above the form: why it is read-only, or what an
        edit-and-retry is fixing."""
        st = self.state
        if self.locked:  # the service's own rule, in its words (backend.locked_reason)
            return "warning", f"Read-only: {self.locked_reason}."
        if not st.new and st.original.status in PROBLEM_STATUSES:
            error = one_line(st.original.error_text or "", 200) or "no reason given"
            text = f"Fixing: {st.original.status} — {error}"
            if st.draft.status == Status.AUTOPUBLISHING.value:
                text += "\nSaving sends it to publish now."
            return "error", text
        return "", ""

    def _show_banner(self, value: tuple[str, str]) -> None:
        style, text = value
        box = self.query_one("#banner", Static)
        box.update(Text(text, style="bold" if style == "error" else ""))
        box.set_class(bool(text), "-shown")

    def _counts(self) -> tuple[int, int]:
        errors = sum(f.severity == ERROR for f in self.findings)
        return errors, len(self.findings) - errors

    def _show_summary(self, findings: list[Finding]) -> None:
        box = self.query_one("#summary", Static)
        text = Text()
        for f in findings:
            error = f.severity == ERROR
            label = self._field_name(f.field) if hasattr(self, "_field_name") else field_label(f.field)
            where = f"{clean(label)}: " if label else ""
            text.append(("✗ " if error else "⚠ ") + where + clean(f.message) + "\n",
                        style="red" if error else "yellow")
        text.rstrip()
        box.update(text)
        box.set_class(bool(findings), "-shown")
        box.set_class(not any(f.severity == ERROR for f in findings), "-warnings")

    def _show_title(self) -> None:
        st, (errors, warnings) = self.state, self._counts()
        text = Text(f"New {self.spec.label} post" if st.new else f"Edit {st.label}",
                    style="bold")
        if st.dirty:
            text.append("  ● unsaved", style="yellow")
        if errors:
            text.append(f"  ✗ {errors} error{'s' * (errors > 1)}", style="bold red")
        if warnings:
            text.append(f"  ⚠ {warnings} warning{'s' * (warnings > 1)}", style="yellow")
        if not errors and (st.dirty or st.new):
            text.append("  ✓ ready to save (ctrl+s)", style="green")
        elif not errors:
            text.append("  no changes yet", style="dim")
        self.query_one("#editor-title", Static).update(text, layout=False)
