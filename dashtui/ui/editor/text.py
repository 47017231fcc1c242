"""Text from the API in editable widgets, safely and without changing it.

TextArea and Input paint what they hold as is: an ESC in a caption would reach the terminal
and drive it (colours, window title, OSC 52 clipboard writes), and a lone CR, VT, FF or
U+2028 would be turned into a newline by TextArea's line splitting, silently changing the
caption on save. So the widgets hold a display form where each such character is one visible
(or at least inert) stand-in, and reading a widget maps the stand-ins back: one character
each way, so cursor positions and lengths stay right and an untouched field is no change.

C0 controls and DEL become Unicode's Control Pictures (␛, ␍, ␡); C1 controls, bidi overrides
and the line/paragraph separators, which have no pictures, go to private-use code points.
A stand-in that was already in the original text is left alone when reading back.
"""

from __future__ import annotations

import re

_KEEP = "\t\n"  # shown as themselves


def _stand_in(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    if code < 0x100:
        return chr(0xE000 + code)  # C1: U+E080 … U+E09F
    return chr(0xE000 + code - 0x2000)  # U+2028/9, U+202A-E, U+2066-9 -> U+E028 …


_UNSAFE = [c for c in (*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029,
                       *range(0x202A, 0x202F), *range(0x2066, 0x206A)) if chr(c) not in _KEEP]
TO_DISPLAY = {c: _stand_in(c) for c in _UNSAFE}
FROM_DISPLAY = {ord(v): chr(k) for k, v in TO_DISPLAY.items()}
_ANY_UNSAFE = re.compile("[" + "".join(re.escape(chr(c)) for c in _UNSAFE) + "]")
_ANY_STAND_IN = re.compile("[" + "".join(re.escape(v) for v in TO_DISPLAY.values()) + "]")


def to_display(text: str) -> str:
    return text.translate(TO_DISPLAY) if _ANY_UNSAFE.search(text) else text


def from_display(text: str, original: str = "") -> str:
    """The real text behind a widget's display form; stand-ins found literally in
    `original` stay as they are."""
    if not _ANY_STAND_IN.search(text):
        return text
    table = FROM_DISPLAY
    if _ANY_STAND_IN.search(original):
        table = {k: v for k, v in FROM_DISPLAY.items() if chr(k) not in original}
    return text.translate(table)
