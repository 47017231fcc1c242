"""`:` opens a one-line command line at the bottom (k9s, vim): tab completes, up/down walk
the history (kept in the data dir across restarts), enter runs, esc leaves. An unknown
command or a bad argument is said on the line above it, which stays open to fix it.

The commands live in ui/commands.py's registry; CommandsProvider puts each in ctrl+p.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from . import command_builtin  # noqa: F401  (registers the built-in commands)
from .commands import (COMMANDS, HISTORY_FILE, CommandError, History, common_prefix,
                       completions, run)


def history_for(app) -> History:
    """The app's one history, in the directory of its cache (the account's data dir)."""
    history = getattr(app, "_command_history", None)
    if history is None:
        path = getattr(app.session.cache, "path", None)
        history = History(path.parent / HISTORY_FILE if path is not None else None)
        app._command_history = history
    return history


class CommandLine(ModalScreen["str | None"]):
    DEFAULT_CSS = """
    CommandLine { align: left bottom; background: $background 0%; }
    CommandLine > #command-box { height: auto; width: 100%; background: $panel; }
    CommandLine #command-message { height: auto; max-height: 4; padding: 0 1; display: none; }
    CommandLine #command-message.-shown { display: block; }
    CommandLine #command-message.-error { color: $error; text-style: bold; }
    CommandLine #command-input { border: none; height: 1; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="command.cancel"),
        Binding("tab", "complete", "Complete", id="command.complete", priority=True),
        Binding("up", "history(-1)", "Previous command", id="command.previous",
                priority=True),
        Binding("down", "history(1)", "Next command", id="command.next", priority=True),
    ]

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.start_text = text
        self._recall: int | None = None  # index into the history being shown
        self._typed = ""  # what was typed before walking the history

    def compose(self) -> ComposeResult:
        with Vertical(id="command-box"):
            yield Static("", id="command-message", markup=False)
            yield Input(self.start_text or ":", id="command-input", compact=True,
                        select_on_focus=False)

    @property
    def input(self) -> Input:
        return self.query_one("#command-input", Input)

    def on_mount(self) -> None:
        self.input.focus()
        self.input.cursor_position = len(self.input.value)

    def say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#command-message", Static)
        message.update(Text(text))
        message.set_class(bool(text), "-shown")
        message.set_class(error, "-error")

    def on_input_changed(self, event: Input.Changed) -> None:
        if not event.value.startswith(":"):  # the colon stays: it says what this line is
            self.input.value = ":" + event.value
            self.input.cursor_position = len(self.input.value)
        if self._recall is None:
            self.say("")

    # -- completion and history ---------------------------------------------------------------
    def action_complete(self) -> None:
        value = self.input.value
        options = completions(self.app, value)
        if not options:
            self.say("nothing to complete" if value.strip(": ") else
                     "commands: " + " ".join(f":{n}" for n in COMMANDS))
            return
        if len(options) == 1:
            new = options[0]
        else:
            new = common_prefix(options)
            if len(new) <= len(value):
                new = value
            self.say("  ".join(o.strip() for o in options[:12])
                     + (f"  (+{len(options) - 12})" if len(options) > 12 else ""))
        if len(options) == 1:
            self.say("")
        self.input.value = new
        self.input.cursor_position = len(new)

    def action_history(self, step: int) -> None:
        lines = history_for(self.app).lines
        if not lines:
            self.say("no commands yet")
            return
        if self._recall is None:
            if step > 0:
                return
            self._typed = self.input.value
            self._recall = len(lines)
        self._recall = max(0, self._recall + step)
        if self._recall >= len(lines):
            self._recall = None
            self.input.value = self._typed
        else:
            self.input.value = lines[self._recall]
        self.input.cursor_position = len(self.input.value)

    # -- running ------------------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        # the line runs once this screen is gone: it acts on the screen below
        event.stop()
        line = event.value.strip()
        self.dismiss(None if line in ("", ":") else line)


def open_command_line(app, text: str = "", error: str = "") -> None:
    """`:` (and the palette): the command line, with `text` typed and `error` said."""

    def chosen(line: str | None) -> None:
        if line:
            app.run_worker(run_line(app, line), group="command-line", exit_on_error=False)

    screen = CommandLine(text)
    app.push_screen(screen, chosen)
    if error:
        screen.call_after_refresh(screen.say, error, error=True)


async def run_line(app, line: str) -> None:
    try:
        await run(app, line)
    except CommandError as exc:  # back, with the line, to fix it
        open_command_line(app, line, str(exc))
        return
    problem = history_for(app).add(line)
    if problem:
        app.notify(problem, severity="warning", markup=False)


class CommandsProvider(Provider):
    """Every `:` command in the command palette; one that takes an argument opens the
    command line with its name typed."""

    def _open(self, name: str, takes_arg: bool):
        app = self.app

        def go() -> None:
            if takes_arg:
                open_command_line(app, f":{name} ")
            else:
                app.run_worker(run_line(app, f":{name}"), group="command-line",
                               exit_on_error=False)

        return go

    async def discover(self) -> Hits:
        for command in COMMANDS.values():
            yield DiscoveryHit(f"{command.shown}", self._open(command.name, command.takes_arg),
                               help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in COMMANDS.values():
            text = f"{command.shown}  {command.help}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(command.shown),
                          self._open(command.name, command.takes_arg), text=command.shown,
                          help=command.help)
