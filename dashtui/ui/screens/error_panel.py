"""When dashtui itself can't work (token expired, brand out of reach, Dash down): what
happened, what to do, and the HTTP details, copyable for a ticket. Also where an unexpected
exception in dashtui itself ends up (an internal error), with a traceback to copy."""

from __future__ import annotations

import json
import traceback
from collections.abc import Callable
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ...errors import (AuthError, ConnectionFailed, BackendError, TimedOut, ForbiddenError,
                           MalformedResponse, NotFoundError, RateLimitError, ServerError)
from ... import __version__
from ...config import TOKEN_ENV
from ..textsafe import clean
from .modals import FitsDialog

_WHAT_TO_DO: list[tuple[type[BackendError], str]] = [
    (AuthError, "Get a current API key from {key_source} and set it in the config file "
                "({where}), then restart dashtui. "
                "Cached posts stay readable meanwhile; queued edits wait in the outbox."),
    (ForbiddenError, "This token can't reach that brand. Switch brand with `b`, or ask a "
                     "{service} admin to give the key access."),
    (RateLimitError, "{service} is throttling this key. Wait until the time shown; queued "
                     "edits are retried automatically."),
    (ConnectionFailed, "Check the network (and the VPN), or api_root in the config. dashtui "
                       "keeps working from its cache and sends queued edits when {service} "
                       "is back."),
    (TimedOut, "{service} or the link is slow. Try `r` again in a minute; queued edits are "
               "retried automatically."),
    (ServerError, "{service} itself is failing. This is usually temporary: try again in a "
                  "few minutes; queued edits are retried automatically."),
    (MalformedResponse, "Something between you and {service} answered instead of it (a proxy "
                        "or captive portal?), or api_root points at the wrong place."),
    (NotFoundError, "The address is wrong, or the post is gone. Check api_root."),
]


# where each service hands out API keys, for the expired-token advice
_KEY_SOURCE = {"Dash": "the Developer section of Dash Social"}


def advice(error: BackendError, service: str = "Dash") -> str:
    where = (f"{TOKEN_ENV} or `token`" if service == "Dash"
             else "`token` of its [[accounts]] entry")
    text = next((text for kind, text in _WHAT_TO_DO if isinstance(error, kind)),
                "Try again; if it persists, copy the details (y) for the people who run "
                "{service}.")
    return text.format(service=service, where=where,
                       key_source=_KEY_SOURCE.get(service, service))


def details(error: BackendError, context: str) -> str:
    """Plain text for a ticket: never the token (the client never puts it in an error)."""
    lines = [f"while: {context}", f"error: {type(error).__name__}: {error.message}"]
    if error.status is not None:
        lines.append(f"http status: {error.status}")
    if error.method or error.url:
        lines.append(f"request: {error.method} {error.url}".rstrip())
    if error.attempts > 1:
        lines.append(f"attempts: {error.attempts}")
    if error.details:
        shown = error.details if isinstance(error.details, str) else json.dumps(
            error.details, ensure_ascii=False, default=str)
        lines.append(f"server said: {shown}")
    return "\n".join(clean(line) for line in lines)


INTERNAL_ADVICE = ("A bug in dashtui, not something you did. It may not have finished: check "
                   "the post and the pending count before trying again.")


def _no_scrub(value: Any) -> Any:
    return value


def internal_summary(error: BaseException, context: str,
                     scrub: Callable[[Any], Any] = _no_scrub) -> str:
    text = scrub(str(error)) or "(no message)"
    return clean(f"An unexpected {type(error).__name__} while {context}: {text}")


def internal_details(error: BaseException, context: str,
                     scrub: Callable[[Any], Any] = _no_scrub) -> str:
    """Plain text for a bug report: what was being done, the error, the traceback, every
    line through the token scrub (an exception's text may quote a request or the config)."""
    lines = [f"while: {context}", f"error: {type(error).__name__}: {error}",
             f"dashtui {__version__}", "", "traceback:"]
    lines += "".join(traceback.format_exception(error)).rstrip("\n").splitlines()
    return "\n".join(clean(scrub(line)) for line in lines)


class ErrorPanel(FitsDialog, ModalScreen[None]):  # FitsDialog: the hint line stays at 80x24
    BINDINGS = [
        Binding("escape,enter", "dismiss(None)", "Close", id="error.close"),
        Binding("y", "copy", "Copy details", id="error.copy"),
    ]

    def __init__(self, error: BackendError | BaseException, context: str, *,
                 scrub: Callable[[Any], Any] | None = None) -> None:
        super().__init__()
        self.error = error
        self.context = context
        self.scrub = scrub or _no_scrub
        self.internal = not isinstance(error, BackendError)

    def _details(self) -> str:
        if isinstance(self.error, BackendError):
            return details(self.error, self.context)
        return internal_details(self.error, self.context, self.scrub)

    def compose(self) -> ComposeResult:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        if isinstance(self.error, BackendError):
            session = getattr(self.app, "session", None)
            service = session.service if session is not None else "Dash"
            title = f"dashtui can't reach {service}"
            grid.add_row("What happened", Text(clean(self.error.message)))
            grid.add_row("What to do", Text(advice(self.error, service)))
        else:
            title = "Internal error in dashtui"
            grid.add_row("What happened", Text(internal_summary(self.error, self.context,
                                                                self.scrub)))
            grid.add_row("What to do", Text(INTERNAL_ADVICE))
        with Vertical(classes="dialog error-panel"):
            yield Label(title, classes="dialog-title")
            yield Static(grid)
            yield Label("Details", classes="dialog-title")
            with VerticalScroll(classes="list"):
                yield Static(Text(self._details()), id="details")
            yield Label("y copies the details · esc closes", classes="dim")

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self._details())
        self.notify("Copied the error details")
