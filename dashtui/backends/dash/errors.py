"""Dash's errors are the neutral family (dashtui/errors.py) under the names this client and
its tests have always used: `DashError` is `BackendError`, `DashTimeout` is `TimedOut`.
The mapping from HTTP answers to them is in mapping.py."""

from ...errors import *  # noqa: F401,F403 - the one family, re-exported
from ...errors import __all__ as _neutral
from ...errors import BackendError, TimedOut

DashError = BackendError
DashTimeout = TimedOut

__all__ = [*_neutral, "DashError", "DashTimeout"]
