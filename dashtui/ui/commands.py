"""The `:` command line's registry: every command is a name, a handler, a completer and a line
of help. `:brand`, `:goto`, `:filter`, `:export`, `:help` and `:q` are registered by
ui/command_builtin.py; others add theirs the same way (e.g. `:view NAME`):

    from dashtui.ui.commands import CommandError, register

    def view(app, arg: str) -> None:
        if not arg:
            raise CommandError("which view? :view NAME")
        ...

    register("view", view, complete=lambda app, arg: [...], help="open a saved view",
             usage=":view NAME")

A handler gets the app and the rest of the line (stripped), may be async, and raises
CommandError with words for the user: the command line shows them in place and stays open.
No Textual here, so a registry test needs no app.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the app imports this
    from .app import DashApp

Handler = Callable[[Any, str], "None | Awaitable[None]"]
Completer = Callable[[Any, str], list[str]]
HISTORY_FILE = "command_history"
HISTORY_KEEP = 200


class CommandError(Exception):
    """What the user typed cannot run; the message says why, in words."""


@dataclass(frozen=True)
class Command:
    name: str
    handler: Handler
    complete: Completer | None = None
    help: str = ""
    usage: str = ""  # ":brand NAME"; the name alone when empty
    aliases: tuple[str, ...] = ()
    takes_arg: bool = True  # the palette runs a command without one at once

    @property
    def shown(self) -> str:
        return self.usage or f":{self.name}"


COMMANDS: dict[str, Command] = {}  # name -> command, in registration order
_ALIASES: dict[str, str] = {}  # alias -> name


def register(name: str, handler: Handler, complete: Completer | None = None, help: str = "",
             *, usage: str = "", aliases: tuple[str, ...] = (), takes_arg: bool = True
             ) -> Command:
    """Add (or replace) a command; `aliases` also run it (`:q` for `:quit`)."""
    command = Command(name, handler, complete, help, usage, tuple(aliases), takes_arg)
    COMMANDS[name] = command
    for alias in aliases:
        _ALIASES[alias] = name
    return command


def find(name: str) -> Command | None:
    name = name.lower()
    return COMMANDS.get(name) or COMMANDS.get(_ALIASES.get(name, ""))


def split(line: str) -> tuple[str, str]:
    """`:brand  Ember & Oak` -> ("brand", "Ember & Oak")."""
    text = line.strip().removeprefix(":").lstrip()
    name, _, arg = text.partition(" ")
    return name, arg.strip()


def parse(line: str) -> tuple[Command, str]:
    name, arg = split(line)
    if not name:
        raise CommandError("type a command, e.g. :help")
    command = find(name)
    if command is None:
        names = [*COMMANDS, *_ALIASES]
        near = difflib.get_close_matches(name.lower(), names, n=1, cutoff=0.6)
        hint = f"; did you mean :{near[0]}?" if near else "; :help lists them"
        raise CommandError(f"unknown command :{name}{hint}")
    return command, arg


async def run(app: DashApp, line: str) -> None:
    """Run one line; raises CommandError for an unknown command or a bad argument."""
    command, arg = parse(line)
    result = command.handler(app, arg)
    if inspect.isawaitable(result):
        await result


def completions(app: DashApp, line: str) -> list[str]:
    """Whole lines the text typed so far can become: command names first, then what the
    command's completer offers for its argument."""
    text = line.lstrip().removeprefix(":")
    if " " not in text:
        names = [n for n in COMMANDS if n.startswith(text.lower())]
        names += [a for a in _ALIASES if a.startswith(text.lower()) and len(text) > 0
                  and _ALIASES[a] not in names]
        return [f":{n} " for n in names]
    name, arg = split(text)
    command = find(name)
    if command is None or command.complete is None:
        return []
    return [f":{name} {option}" for option in command.complete(app, arg)]


def common_prefix(options: list[str]) -> str:
    if not options:
        return ""
    first, last = min(options), max(options)
    n = 0
    while n < min(len(first), len(last)) and first[n].lower() == last[n].lower():
        n += 1
    return first[:n]


def prefix_matches(options: list[str], typed: str) -> list[str]:
    """The options a partly typed word can become: by prefix, else by any word's prefix."""
    typed_l = typed.lower()
    hits = [o for o in options if o.lower().startswith(typed_l)]
    if not hits and typed_l:
        hits = [o for o in options if any(w.startswith(typed_l) for w in o.lower().split())]
    return hits


class History:
    """The lines run, oldest first, kept in a file of the data dir across restarts."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.lines: list[str] = []
        if path is not None and path.exists():
            try:
                self.lines = [line for line in path.read_text(encoding="utf-8").splitlines()
                              if line.strip()][-HISTORY_KEEP:]
            except (OSError, UnicodeDecodeError):
                self.lines = []  # a damaged history only loses the recall

    def add(self, line: str) -> str | None:
        """Remember a line; returns why it could not be kept on disk (said, not hidden)."""
        line = line.strip()
        if not line:
            return None
        if line in self.lines:
            self.lines.remove(line)  # the newest use wins
        self.lines.append(line)
        self.lines = self.lines[-HISTORY_KEEP:]
        if self.path is not None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.path.write_text("\n".join(self.lines) + "\n", encoding="utf-8")
            except OSError as exc:  # the line still ran; only its recall is lost
                return f"command history not saved to {self.path}: {exc.strerror or exc}"
        return None
