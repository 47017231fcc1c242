"""Text from the API on a terminal: control characters are shown, never obeyed.

Shared by the TUI (ui/textsafe.py) and the command line, so neither imports the other's
toolkit. Files and pipes get the raw text; only a terminal gets the escaped form.
"""

from __future__ import annotations

import re
from typing import TextIO

# C0 controls except tab/newline, DEL, C1 controls (0x9b is a one-byte CSI), and bidi
# overrides/isolates that would let a caption reorder the rest of the line
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _caret(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return "^" + chr(code + 0x40)  # ESC -> ^[, BEL -> ^G
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def visible(text: str | None) -> str:
    """Control characters shown as ^X or <U+XXXX>; tabs and newlines kept."""
    return CONTROL.sub(_caret, text or "")


def json_visible(text: str) -> str:
    """For JSON text: what json.dumps leaves raw (DEL, C1, bidi) as \\uXXXX, still valid JSON."""
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or fake stream
        return False


def write(stream: TextIO, text: str, *, json: bool = False) -> None:
    """Write text as is to a file or pipe, and with its controls escaped to a terminal."""
    if is_terminal(stream):
        # CSV rows end in \r\n: on a screen that is just a line break, not a stray ^M
        text = text.replace("\r\n", "\n")
        text = json_visible(text) if json else visible(text)
    stream.write(text)


def say(stream: TextIO, line: str) -> None:
    """One line of a message (an error, a report line), escaped on a terminal."""
    write(stream, line.rstrip("\n") + "\n")
