"""The post editor, one feature folder (posting's `widgets/request/` pattern).

Imports run one way, from the app's entry points down to plain helpers; no module here
imports one above it (an import-linter contract in pyproject.toml):

    restore.py   at start: what became of an edit left open; offers it back
    screen.py    EditorScreen and `open_editor`: compose, the widgets' edits, esc, ctrl+e
    save.py      ctrl+s: the diff, the write, what each outcome does
    checks.py    live checks and what they paint (findings, counters, summary, title)
    form.py      the screen's shared state: rows, the buffer on disk
    dialogs.py   discard? / reopen? questions
    fields.py    one row per field, and the controls in it
    media.py, time.py   the media and time controls
    state.py     EditState: the draft, its diff, the buffer format; `pending_buffers`
    text.py, keys.py, external.py   caption display text, app letters off, $EDITOR

Kept empty of imports: the app loads the editor lazily, off the first-paint path.
"""
