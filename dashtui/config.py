"""Settings: a TOML file in the platformdirs config dir, overridden by env vars and flags.

Everything a user may put in the file is in `Config`; a typo is an error that names the key,
not a silently ignored setting. The records are dataclasses checked by config_schema.py (no
pydantic: the config is read before the first frame).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .config_schema import (Invalid, Record, Secret, boolean, bounded, check, dict_of,
                            int_or_text, integer, list_of, number, one_of, optional, record,
                            secret, sized, text)

APP_NAME = "dashtui"
TOKEN_ENV = "DASH_API_TOKEN"
CONFIG_ENV = "DASHTUI_CONFIG"
DATA_ENV = "DASHTUI_DATA_DIR"
API_ROOT_ENV = "DASHTUI_API_ROOT"


class ConfigError(Exception):
    """The config can't be used; the message says where and how to fix it."""


_URL = check(optional(text))


@dataclass
class Services(Record):
    scheduler: str | None = field(default=None, metadata=_URL)
    library: str | None = field(default=None, metadata=_URL)
    pinterest: str | None = field(default=None, metadata=_URL)
    auth: str | None = field(default=None, metadata=_URL)


BACKEND_KINDS = ("dash", "genviral", "infinipost")  # the one list: cli, factory, accounts
BACKEND_LABELS = {"dash": "Dash", "genviral": "Genviral", "infinipost": "Infinipost"}
DEFAULT_ACCOUNT = "Dash"  # the account the top-level `token` / $DASH_API_TOKEN make


def _printable(value: str) -> str:
    value = value.strip()
    if not value or not value.isprintable():
        raise ValueError("an account name must be printable text")
    return value


@dataclass
class Account(Record):
    """One `[[accounts]]` entry: a service, a token, a name to pick it by."""

    EXCLUDE = frozenset({"implicit"})

    name: str = field(metadata=check(sized(text, min_length=1, max_length=60), _printable))
    backend: Literal["dash", "genviral", "infinipost"] = field(
        default="dash", metadata=check(one_of(*BACKEND_KINDS)))
    token: Secret | None = field(default=None, metadata=check(optional(secret)))
    # or the name of an environment variable holding it
    token_env: str | None = field(default=None, metadata=check(optional(text)))
    # the service's base URL (a sandbox, a proxy)
    api_root: str | None = field(default=None, metadata=check(optional(text)))
    services: Services = field(default_factory=Services,  # Dash only
                               metadata=check(record(Services)))
    # the brand/workspace opened when this account opens
    brand: int | str | None = field(default=None, metadata=check(optional(int_or_text)))
    implicit: bool = field(default=False, metadata=check(boolean))  # made from the top-level token

    def token_value(self) -> str | None:
        if self.token:
            return self.token.get_secret_value()
        if self.token_env:
            return os.environ.get(self.token_env) or None
        return None

    @property
    def slug(self) -> str:
        """A file-system-safe form of the name, for the account's cache folder."""
        safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in self.name.lower())
        return safe.strip("-") or "account"


def _unique_names(value: list[Account]) -> list[Account]:
    seen: set[str] = set()
    for acc in value:
        key = acc.name.casefold()
        if key in seen:
            raise ValueError(f"two accounts are named {acc.name!r}: names must differ")
        seen.add(key)
        if acc.backend != "dash" and acc.services.model_dump(exclude_none=True):
            raise ValueError(f"account {acc.name!r}: [services] is for Dash accounts only")
    return value


def _known_zone(value: str | None) -> str | None:
    if value is not None:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name such as "
                             "'Europe/Paris' or 'America/New_York')") from None
    return value


def _user_names(value: dict[str, str]) -> dict[str, str]:
    for key in value:
        if not (key.isascii() and key.isdigit()):
            raise ValueError(f"user_names: {key!r} is not a Dash user id (a whole number)")
    return value


def _known_zones(value: dict[str, str]) -> dict[str, str]:
    for zone in value.values():
        _known_zone(zone)
    return value


ALERT_WINDOW = "last 24h to next 24h"  # the default (tests/test_views.py reads it)


def _when(value: str) -> str:
    if value == ALERT_WINDOW:  # every start checks the default: no import for it
        return value
    from .views import parse_when

    return parse_when(value).text


def _view_name(value: str) -> str:
    value = " ".join(value.split())
    if not value or not value.isprintable():
        raise ValueError("a view name must be printable text")
    return value


def _views(name: str):
    """One of dashtui/views.py's readers as a config check, imported when a view is read."""
    def read(value):
        from . import views

        return getattr(views, name)(value)
    return read


@dataclass
class ViewConfig(Record):
    """One `[[views]]` entry: a saved view (dashtui/views.py reads it). A name of a
    predefined view ("on-call", "needs approval") replaces it; `hide` removes it."""

    name: str = field(metadata=check(sized(text, min_length=1, max_length=40), _view_name))
    # "all", "current", or brand ids / slugs / names
    brands: str | list[int | str] = field(
        default="current", metadata=check(lambda v: v, _views("read_brands")))
    platforms: list[str] = field(default_factory=list, metadata=check(
        list_of(text), _views("read_platforms")))
    # statuses or families ("failed", "problem", "needs-action", "scheduled", ...)
    statuses: list[str] = field(default_factory=list, metadata=check(
        list_of(text), _views("read_statuses")))
    when: str = field(default="next 7d", metadata=check(text, _when))
    text: str = field(default="", metadata=check(text))  # every word in caption/id/error
    approval: Literal["any", "pending"] = field(default="any",
                                                metadata=check(one_of("any", "pending")))
    # run notify_command when the count goes above this
    alert_above: int | None = field(default=None,
                                    metadata=check(optional(bounded(integer, ge=0))))
    hide: bool = field(default=False, metadata=check(boolean))


def _unique_views(value: list[ViewConfig]) -> list[ViewConfig]:
    seen: set[str] = set()
    for view in value:
        key = " ".join(view.name.split()).casefold()
        if key in seen:
            raise ValueError(f"two views are named {view.name!r}: names must differ")
        seen.add(key)
    return value


@dataclass
class Config(Record):
    token: Secret | None = field(default=None, metadata=check(optional(secret)))
    # the brand opened at start: id, slug or name
    brand: int | str | None = field(default=None, metadata=check(optional(int_or_text)))
    # brands shown; empty = all the token reaches
    brands: list[int] = field(default_factory=list, metadata=check(list_of(integer)))
    # display zone; default: the system's
    timezone: str | None = field(default=None, metadata=check(optional(text), _known_zone))
    # each brand's own zone (Dash has none), shown beside the display zone where they differ
    brand_timezones: dict[str, str] = field(  # brand id or slug -> zone
        default_factory=dict, metadata=check(dict_of(text), _known_zones))
    # one root for all four services (e.g. the sandbox)
    api_root: str | None = field(default=None, metadata=check(optional(text)))
    services: Services = field(default_factory=Services, metadata=check(record(Services)))
    read_only: bool = field(default=False, metadata=check(boolean))
    # the X account may post 25,000 characters
    x_premium: bool = field(default=False, metadata=check(boolean))
    # how far back the on-call view looks
    failed_days: int = field(default=7, metadata=check(bounded(integer, ge=1, le=90)))
    # approvals: your Dash user id, sent as `requested_by_user_id` (Dash's API documents no
    # way to learn it from the token), the time approvers need before a post's time, and
    # names for user ids (the API documents no users list; shown beside ids, typed for them)
    user_id: int | None = field(default=None, metadata=check(optional(bounded(integer, ge=0))))
    approval_lead_minutes: float = field(
        default=60.0, metadata=check(bounded(number, ge=0, le=30 * 24 * 60)))
    user_names: dict[str, str] = field(default_factory=dict,
                                       metadata=check(dict_of(text), _user_names))
    # binding id -> keys
    keymap: dict[str, str] = field(default_factory=dict, metadata=check(dict_of(text)))
    # the on-call and visible windows refresh on their own this often (minutes; 0 = never)
    auto_refresh_minutes: float = field(
        default=3.0, metadata=check(bounded(number, ge=0, le=24 * 60)))
    # ring the terminal bell when a new failure arrives
    bell_on_failure: bool = field(default=False, metadata=check(boolean))
    # the API log pane (L) also keeps request and response bodies (never headers)
    api_log_bodies: bool = field(default=False, metadata=check(boolean))
    # more services and tokens: `[[accounts]]` entries; `account` names the one opened first
    accounts: list[Account] = field(default_factory=list,
                                    metadata=check(list_of(record(Account)), _unique_names))
    account: str | None = field(default=None, metadata=check(optional(text)))
    # saved views (`[[views]]`): sections with live counts (`5`), `:view NAME`, alerts
    views: list[ViewConfig] = field(default_factory=list,
                                    metadata=check(list_of(record(ViewConfig)), _unique_views))
    # a shell command run once per new failure or view threshold crossed (`dashtui watch`
    # and the open TUI): the alert as JSON on stdin and as DASHTUI_* environment variables
    notify_command: str | None = field(default=None, metadata=check(optional(text)))
    notify_timeout: float = field(default=30.0,  # seconds before the command is stopped
                                  metadata=check(bounded(number, ge=1, le=600)))
    # which posts' failures alert: those with a time in this window
    alert_window: str = field(default=ALERT_WINDOW, metadata=check(text, _when))
    # seconds between polls of `dashtui watch` (without --interval)
    watch_interval: float = field(default=300.0,
                                  metadata=check(bounded(number, ge=10, le=86400)))

    def __setattr__(self, name: str, value: Any) -> None:
        # checked like the file's settings; a refused value leaves the old one
        if not getattr(self, "_checked", False):  # still in __init__
            super().__setattr__(name, value)
            return
        before = getattr(self, name)
        super().__setattr__(name, value)
        try:
            self.__post_init__()
        except Invalid:
            super().__setattr__(name, before)
            raise

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "_checked", True)

    def brand_zone(self, brand_id: int, slug: str = "") -> ZoneInfo | None:
        name = self.brand_timezones.get(str(brand_id)) or self.brand_timezones.get(slug)
        return ZoneInfo(name) if name else None

    # -- derived ----------------------------------------------------------------------------
    def token_value(self) -> str | None:
        """The token of the account this run opens."""
        return self.active_account().token_value()

    def all_accounts(self) -> list[Account]:
        """Every account, in the config's order: the top-level token's Dash account first
        (when there is one, or when there are no `[[accounts]]` at all)."""
        out = list(self.accounts)
        if self.token or self.api_root or not out:
            taken = {a.name.casefold() for a in out}
            name = DEFAULT_ACCOUNT if DEFAULT_ACCOUNT.casefold() not in taken else "Dash (token)"
            out.insert(0, Account(name=name, backend="dash", token=self.token,
                                  api_root=self.api_root, services=self.services,
                                  implicit=True))
        return out

    def find_account(self, key: str | None) -> Account | None:
        """An account by name (any case), or the first of a backend kind by its name."""
        if key is None:
            return None
        text = key.strip().casefold()
        accounts = self.all_accounts()
        return (next((a for a in accounts if a.name.casefold() == text), None)
                or next((a for a in accounts if a.backend == text), None))

    def active_account(self) -> Account:
        """The account this run opens: `account` (name or backend kind), else the first."""
        found = self.find_account(self.account)
        return found if found is not None else self.all_accounts()[0]

    def zone(self) -> ZoneInfo:
        if self.timezone:
            return ZoneInfo(self.timezone)
        return local_zone()


def local_zone() -> ZoneInfo:
    """The system zone as an IANA ZoneInfo, UTC when it can't be told."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            link = os.readlink("/etc/localtime")
            name = link.split("zoneinfo/", 1)[1] if "zoneinfo/" in link else ""
        except OSError:
            name = ""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def config_path(explicit: str | Path | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV]).expanduser()
    import platformdirs

    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def data_dir() -> Path:
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).expanduser()
    import platformdirs

    return platformdirs.user_data_path(APP_NAME)


def _describe(err: Invalid, path: Path) -> str:
    lines = [f"{path}: invalid settings"]
    for item in err.errors():
        where = ".".join(str(p) for p in item["loc"]) or "(file)"
        msg = item["msg"]
        if item["type"] == "extra_forbidden":
            msg = "unknown setting (check the spelling; see README for the list)"
        lines.append(f"  {where}: {msg.removeprefix('Value error, ')}")
    return "\n".join(lines)


def check_keymap(keymap: dict[str, str], known: set[str], path: str | Path | None = None
                 ) -> None:
    """`[keymap]` names binding ids; a misspelt one is an error like a misspelt setting.
    `known` comes from the UI (the app's and the screens' BINDINGS): no Textual here."""
    unknown = sorted(k for k in keymap if k not in known)
    if not unknown:
        return
    lines = [f"{config_path(path)}: invalid settings"]
    import difflib

    for key in unknown:
        close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
        prefix = key.split(".", 1)[0] + "."
        near = sorted(k for k in known if k.startswith(prefix))
        hint = f"; did you mean {close[0]}?" if close else ""
        hint += f" (known in {prefix[:-1]}: {', '.join(near)})" if near else \
            " (`?` in dashtui lists each screen's binding ids)"
        lines.append(f"  keymap.{key}: unknown binding id{hint}")
    raise ConfigError("\n".join(lines))


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> Config:
    """Read the config file (missing is fine), then env vars, then `overrides` (from flags)."""
    file = config_path(path)
    raw: dict[str, Any] = {}
    if file.exists():
        import tomllib  # only when there is a file to read

        try:
            raw = tomllib.loads(file.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{file}: not valid TOML: {exc}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{file}: can't read it: {exc}") from None
    elif path is not None:
        raise ConfigError(f"{file}: no such config file")
    if os.environ.get(TOKEN_ENV):
        raw["token"] = os.environ[TOKEN_ENV]
    if os.environ.get(API_ROOT_ENV):
        raw["api_root"] = os.environ[API_ROOT_ENV]
    raw.update({k: v for k, v in (overrides or {}).items() if v is not None})
    try:
        config = Config.model_validate(raw)
    except Invalid as exc:
        raise ConfigError(_describe(exc, file)) from None
    if config.account is not None and config.find_account(config.account) is None:
        names = ", ".join(repr(a.name) for a in config.all_accounts())
        raise ConfigError(f"{file}: no account named {config.account!r} (the accounts are "
                          f"{names})")
    from .errors import add_secret  # every account's token is masked wherever text is shown

    for acc in config.all_accounts():
        add_secret(acc.token_value())
    return config
