"""The layer rules of DESIGN.md ("Layers") as import-linter contracts ([tool.importlinter] in
pyproject.toml): only dashtui.ui imports Textual; nothing outside dashtui.backends imports a
backend package; the domain imports no I/O package; the Dash sandbox imports nothing of the
client's (it is written from the reference, so the two can disagree); the editor's modules
(dashtui/ui/editor/) import one way, with no cycle among them. Run as `lint-imports`, the tool's own
command, so the test checks exactly what CI would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command;"
         " sys.exit(lint_imports_command())", "--no-cache",
         "--config", str(root / "pyproject.toml")],
        cwd=root, env=env, capture_output=True, text=True, timeout=120)


def test_the_layer_contracts_hold():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "10 kept, 0 broken" in result.stdout


@pytest.mark.parametrize("module, line, broken", [
    ("dashtui/store/cache.py", "import textual.app", "Only dashtui.ui imports Textual"),
    ("dashtui/session.py", "from .backends.dash.client import DashClient",
     "Nothing outside dashtui.backends imports a backend package"),
    ("dashtui/ui/app.py", "from ..backends.dash import errors",
     "Nothing outside dashtui.backends imports a backend package"),
    ("dashtui/domain/rules.py", "import sqlite3", "The domain is pure"),
    ("dashtui/domain/posts.py", "import httpx", "The domain is pure"),
    ("dashtui/backends/dash/sandbox/rules.py", "from dashtui.domain import rules",
     "The Dash sandbox is written from the reference"),
    # a check reaching up to the screen (as the old mixins did under TYPE_CHECKING)
    ("dashtui/ui/editor/checks.py", "from .screen import EditorScreen",
     "no cycle inside dashtui.ui.editor"),
    ("dashtui/ui/editor/state.py", "from . import restore",
     "no cycle inside dashtui.ui.editor"),
])
def test_each_contract_catches_a_breach(tmp_path, module, line, broken):
    """A copy of the package with one forbidden import added fails, naming the rule."""
    shutil.copytree(ROOT / "dashtui", tmp_path / "dashtui",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module
    target.write_text(f"{line}\n" + target.read_text())
    result = lint(tmp_path)
    assert result.returncode != 0
    assert f"{broken}" in result.stdout and "BROKEN" in result.stdout, result.stdout


def test_the_start_up_path_loads_no_pydantic_httpx_or_backend():
    """First paint (DESIGN budget) depends on it: the modules a start imports before the
    calendar's first frame leave the models, the HTTP client and every backend for later.
    One stray import (a type alias, a status set) silently costs ~60 ms."""
    import subprocess
    import sys

    # parse_args: the parser of every subcommand is built on each start, `dashtui` alone too
    code = ("import sys; import dashtui.cli, dashtui.ui.launch, dashtui.ui.app, "
            "dashtui.ui.screens.calendar; dashtui.cli.parse_args([]); "
            "print(sorted(m for m in ('pydantic', 'httpx', 'dashtui.domain.posts', "
            "'dashtui.backends.dash.client', 'dashtui.backends.genviral.client', "
            "'dashtui.backends.infinipost.client') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
