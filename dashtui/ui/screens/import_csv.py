"""ctrl+o in the list: import a CSV file with a preview, through the same code as
`dashtui import` (importer/): read, check each row (✓ / ⚠ / ✗ and its problems), then on
enter create the rows without errors through the outbox, one line per row as it lands."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, ProgressBar, Static

from ...errors import BackendError
from ...importer import report
from ...importer.check import check_file
from ...importer.ledger import LEDGER_FILE, Ledger, already_created
from ...importer.rows import FileError, ImportFile, read_file
from ...importer.run import Importer, RowResult
from ..textsafe import clean


class ImportScreen(ModalScreen[int]):
    """Dismisses with the number of posts created."""

    DEFAULT_CSS = """
    ImportScreen ProgressBar { height: 1; }
    ImportScreen #import-rows { height: auto; max-height: 12; }
    ImportScreen .wrap { width: 100%; }
    ImportScreen #import-counts { margin-bottom: 1; }
    """
    BINDINGS = [
        Binding("enter", "confirm", "Create", id="import.confirm"),
        Binding("escape", "close", "Cancel / close", id="import.close"),
    ]

    def __init__(self, default: str = "") -> None:
        super().__init__()
        self.default = default
        self.imported: ImportFile | None = None
        self.ready: list = []
        self.stage = "path"  # path -> checking -> preview -> sending -> done
        self.created = 0
        self.lines: list[Text] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog import"):
            yield Label("Import posts from a CSV file", id="import-title",
                        classes="dialog-title wrap", markup=False)
            yield Label("", id="import-counts", classes="wrap", markup=False)
            yield Input(self.default, placeholder="path/to/posts.csv", id="import-path")
            yield ProgressBar(show_eta=False, id="import-bar")
            with VerticalScroll(id="import-rows"):
                yield Static("", id="import-text", markup=False)
            yield Label("enter reads and checks the file (nothing is sent); esc cancels",
                        id="import-hint", classes="hint dim wrap", markup=False)

    def on_mount(self) -> None:
        self.query_one(".dialog").styles.width = 84  # row lines are long (cf. BulkScreen)
        self.query_one("#import-bar").display = False
        self.query_one("#import-path", Input).focus()

    @property
    def session(self):
        return self.app.session  # type: ignore[attr-defined]

    def _hint(self, text: str) -> None:
        self.query_one("#import-hint", Label).update(text)

    def _show(self, lines: list[Text]) -> None:
        self.lines = lines
        self.query_one("#import-text", Static).update(Text("\n").join(lines))

    def _ledger(self) -> Ledger:
        directory = Path(self.session.outbox.path).parent  # the account's own data dir
        return Ledger(directory / LEDGER_FILE, self.session.backend.name,
                      self.session.brand.id)

    # -- reading and checking -------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.stage == "path":
            self.load(event.value.strip())

    @work(exclusive=True, group="import", exit_on_error=False)
    async def load(self, name: str) -> None:
        session = self.session
        if session.brand is None:
            self._hint("no brand open: pick one with b first")
            return
        path = Path(name).expanduser()
        try:
            imported = read_file(path.read_bytes(), path.name, session.zone)
        except OSError as exc:
            self._hint(clean(f"can't read {path}: {exc.strerror or exc}"))
            return
        except FileError as exc:
            self._hint(clean(str(exc)))
            return
        self.stage = "checking"
        self._hint(f"checking {len(imported.rows)} row(s)…")
        try:
            await check_file(imported, session.backend, session.brand.id, session.check)
        except BackendError as exc:
            self.stage = "path"
            self._hint(f"could not check the rows: {exc}")
            return
        ledger = self._ledger()
        try:
            done = already_created(imported, ledger)
        finally:
            ledger.close()
        self.imported = imported
        self.ready = [r for r in imported.rows if r.ok and r.key not in done]
        bad = [r for r in imported.rows if not r.ok]
        lines: list[Text] = []
        for row in imported.rows:
            mark = "=" if row.key in done else None
            line = report.compact_line(row, session.zone, mark)
            if row.key in done:
                line = f"{line[:40]}  already created as #{done[row.key]}"
            style = "red" if row.errors else ("yellow" if row.warnings else "")
            lines.append(Text(line, style=style))
            lines.extend(Text(p) for p in report.problems(row))
        self.query_one("#import-path").display = False
        brand = session.brand
        self.query_one("#import-title", Label).update(f"Import {clean(imported.name)} into "
                                                      f"{clean(brand.name)}")
        self.query_one("#import-counts", Label).update(
            f"{len(imported.rows)} row(s): {len(self.ready)} to create, {len(bad)} with "
            f"errors, {len(done)} already done")
        self._show(lines)
        self.stage = "preview"
        zone = f"times without a zone read in {imported.zone.key}"
        if self.ready:
            skip = f" ({len(bad)} ✗ row(s) are left out)" if bad else ""
            self._hint(f"enter creates {len(self.ready)} post(s){skip}; esc cancels · {zone}")
        else:
            self._hint(f"nothing to create; esc closes · {zone}")
        self.query_one("#import-rows").focus()

    # -- creating -------------------------------------------------------------------------
    def action_confirm(self) -> None:
        if self.stage == "preview" and self.ready:
            self.send()
        elif self.stage == "done":
            self.dismiss(self.created)

    @work(exclusive=True, group="import", exit_on_error=False)
    async def send(self) -> None:
        assert self.imported is not None
        self.stage = "sending"
        bar = self.query_one("#import-bar", ProgressBar)
        bar.display = True
        bar.update(total=len(self.imported.rows), progress=0)
        self._hint("creating… (esc closes when it is done)")
        lines: list[Text] = []
        self._show(lines)

        def progress(i: int, total: int, result: RowResult) -> None:
            bar.update(progress=i)
            style = "" if result.ok else "red"
            lines.append(Text(report.result_line(i, total, result), style=style))
            self._show(lines)
            self.query_one("#import-rows", VerticalScroll).scroll_end(animate=False)

        ledger = self._ledger()
        try:
            results = await Importer(self.session, ledger, self.session.brand.id).run(
                self.imported, progress=progress)
        except BaseException:
            # the error panel says what (app.worker_failed); the dialog can still be closed,
            # and a run of the same file later creates only what this one did not
            self.stage = "done"
            self._hint("stopped by an error; enter or esc closes. Import the file again to "
                       "create the rest")
            raise
        finally:
            ledger.close()
        self.created = sum(r.state == "created" for r in results)
        self.stage = "done"
        self.query_one("#import-counts", Label).update(report.summary(results).splitlines()[0])
        self._hint("enter or esc closes")
        self.query_one("#import-title", Label).update(f"Imported {clean(self.imported.name)}")

    def action_close(self) -> None:
        if self.stage == "sending":
            return  # every row is settled before it closes: nothing half-sent
        self.dismiss(self.created)
