"""Settings: a TOML file in the platformdirs config dir, overridden by env vars and flags.

Everything a user may put in the file is in `Config`; a typo is an error that names the key,
not a silently ignored setting.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator


APP_NAME = "dashtui"
TOKEN_ENV = "DASH_API_TOKEN"
CONFIG_ENV = "DASHTUI_CONFIG"
DATA_ENV = "DASHTUI_DATA_DIR"
API_ROOT_ENV = "DASHTUI_API_ROOT"


class ConfigError(Exception):
    """The config can't be used; the message says where and how to fix it."""


class Services(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scheduler: str | None = None
    library: str | None = None
    pinterest: str | None = None
    auth: str | None = None


BACKEND_KINDS = ("dash", "genviral", "infinipost")
DEFAULT_ACCOUNT = "Dash"  # the account the top-level `token` / $DASH_API_TOKEN make


class Account(BaseModel):
    """One `[[accounts]]` entry: a service, a token, a name to pick it by."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=60)
    backend: Literal["dash", "genviral", "infinipost"] = "dash"
    token: SecretStr | None = None
    token_env: str | None = None  # or the name of an environment variable holding it
    api_root: str | None = None  # the service's base URL (a sandbox, a proxy)
    services: Services = Field(default_factory=Services)  # Dash only
    brand: int | str | None = None  # the brand/workspace opened when this account opens
    implicit: bool = Field(default=False, exclude=True)  # made from the top-level token

    @field_validator("name")
    @classmethod
    def _printable(cls, value: str) -> str:
        value = value.strip()
        if not value or not value.isprintable():
            raise ValueError("an account name must be printable text")
        return value

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


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    token: SecretStr | None = None
    brand: int | str | None = None  # the brand opened at start: id, slug or name
    brands: list[int] = Field(default_factory=list)  # brands shown; empty = all the token reaches
    timezone: str | None = None  # display zone; default: the system's
    # each brand's own zone (Dash has none), shown beside the display zone where they differ
    brand_timezones: dict[str, str] = Field(default_factory=dict)  # brand id or slug -> zone
    api_root: str | None = None  # one root for all four services (e.g. the sandbox)
    services: Services = Field(default_factory=Services)
    read_only: bool = False
    x_premium: bool = False  # the X account may post 25,000 characters
    failed_days: int = Field(default=7, ge=1, le=90)  # how far back the on-call view looks
    keymap: dict[str, str] = Field(default_factory=dict)  # binding id -> keys
    # the on-call and visible windows refresh on their own this often (minutes; 0 = never)
    auto_refresh_minutes: float = Field(default=3.0, ge=0, le=24 * 60)
    bell_on_failure: bool = False  # ring the terminal bell when a new failure arrives
    # more services and tokens: `[[accounts]]` entries; `account` names the one opened first
    accounts: list[Account] = Field(default_factory=list)
    account: str | None = None

    @field_validator("accounts")
    @classmethod
    def _unique_names(cls, value: list[Account]) -> list[Account]:
        seen: set[str] = set()
        for acc in value:
            key = acc.name.casefold()
            if key in seen:
                raise ValueError(f"two accounts are named {acc.name!r}: names must differ")
            seen.add(key)
            if acc.backend != "dash" and acc.services.model_dump(exclude_none=True):
                raise ValueError(f"account {acc.name!r}: [services] is for Dash accounts only")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown time zone {value!r} (use an IANA name such as "
                                 "'Europe/Paris' or 'America/New_York')") from None
        return value

    @field_validator("brand_timezones")
    @classmethod
    def _known_zones(cls, value: dict[str, str]) -> dict[str, str]:
        for zone in value.values():
            cls._known_zone(zone)
        return value

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
    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def data_dir() -> Path:
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).expanduser()
    return platformdirs.user_data_path(APP_NAME)


def _describe(err: ValidationError, path: Path) -> str:
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
    for key in unknown:
        prefix = key.split(".", 1)[0] + "."
        near = sorted(k for k in known if k.startswith(prefix))
        hint = f" (known in {prefix[:-1]}: {', '.join(near)})" if near else \
            " (see `?` in dashtui for the keys of each screen)"
        lines.append(f"  keymap.{key}: unknown binding id{hint}")
    raise ConfigError("\n".join(lines))


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> Config:
    """Read the config file (missing is fine), then env vars, then `overrides` (from flags)."""
    file = config_path(path)
    raw: dict[str, Any] = {}
    if file.exists():
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
    except ValidationError as exc:
        raise ConfigError(_describe(exc, file)) from None
    if config.account is not None and config.find_account(config.account) is None:
        names = ", ".join(repr(a.name) for a in config.all_accounts())
        raise ConfigError(f"{file}: no account named {config.account!r} (the accounts are "
                          f"{names})")
    from .errors import add_secret  # every account's token is masked wherever text is shown

    for acc in config.all_accounts():
        add_secret(acc.token_value())
    return config
