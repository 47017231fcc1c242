"""ctrl+e: run $VISUAL/$EDITOR on a file with the terminal handed over, and always take the
terminal back.

Textual's `App.suspend()` resumes the app only when its `with` body ends normally: an
exception raised inside (a missing editor, ctrl+c) leaves the terminal suspended and the app
frozen for good. So everything that can fail is caught inside the body, and whatever went
wrong comes back as a message for the editor to show.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
from typing import Any

from textual.app import App, SuspendNotSupported


def editor_command() -> str:
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"


def _program_problem(argv: list[str]) -> str | None:
    """Why argv[0] can't run, found before the terminal is handed over (no blank flash)."""
    program = argv[0]
    if os.sep in program:
        if not os.path.exists(program):
            return "no such file"
        if os.path.isdir(program):
            return "it is a directory"
        if not os.access(program, os.X_OK):
            return "it is not executable"
        return None
    return None if shutil.which(program) else "not found on PATH"


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def run_editor(app: App[Any], path: str, command: str | None = None) -> str | None:
    """Edit `path` in the user's editor. None when it exited 0; else why not, in words."""
    command = command or editor_command()
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        return f"Can't read the editor command {command!r} ({exc}); check $VISUAL/$EDITOR"
    if not argv:
        return "The editor command is empty; set $VISUAL or $EDITOR"
    problem = _program_problem(argv)
    if problem:
        return f"Can't run {argv[0]} ({problem}); set $VISUAL or $EDITOR to an editor"
    outcome: str | None = None
    try:
        with app.suspend():
            try:  # nothing may escape this block: the app would never resume
                code = subprocess.run([*argv, path], check=False).returncode
            except OSError as exc:
                outcome = f"Can't run {argv[0]}: {exc.strerror or exc}"
            except KeyboardInterrupt:
                outcome = f"{argv[0]} was interrupted"
            else:
                if code < 0:
                    outcome = f"{argv[0]} was killed by {_signal_name(-code)}"
                elif code:
                    outcome = f"{argv[0]} exited with code {code}"
    except SuspendNotSupported:
        return "Can't open $EDITOR here: this terminal can't be handed over"
    return outcome
