"""Several accounts (Dash, Genviral, Infinipost) in one config: where each keeps its cache,
and the brands of the others for the brand picker.

One run works one account; `b` lists every account's brands, and picking one of another
account ends this app and opens that account's (ui/launch.py), so each account keeps its own
session, cache and outbox and nothing of one can leak into another.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .config import BACKEND_LABELS as LABELS, Account, Config


@dataclass(frozen=True)
class AccountBrand:
    """A line of the brand picker for another account: a brand its cache knows, or the
    account itself when it has never been opened (brand_id None)."""

    account: str
    backend: str
    brand_id: int | None
    brand_name: str

    @property
    def label(self) -> str:
        service = LABELS.get(self.backend, self.backend)
        account = self.account if service.casefold() in self.account.casefold() \
            else f"{self.account} ({service})"
        if self.brand_id is None:
            return f"{account} · not opened yet"
        return f"{self.brand_name} · {account}"


def account_dir(root: Path, account: Account) -> Path:
    """Where an account keeps its cache and outbox. The top-level token's account keeps the
    data directory itself, as before there were accounts, so its queued writes are found."""
    return root if account.implicit else root / "accounts" / account.slug


def cached_brands(directory: Path) -> list[tuple[int, str]]:
    """(id, name) of the brands an account's cache holds, read-only; [] when there is none."""
    path = directory / "cache.sqlite3"
    if not path.exists():
        return []
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            row = db.execute("SELECT value FROM meta WHERE key='brands'").fetchone()
        finally:
            db.close()
        brands = json.loads(row[0]) if row else []
        return [(int(b["id"]), str(b.get("name") or b["id"])) for b in brands
                if isinstance(b, dict) and "id" in b]
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        return []  # a cache another version wrote, or busy: the account is still listed


def other_brands(config: Config, root: Path) -> list[AccountBrand]:
    """The picker's lines for every account but the open one."""
    current = config.active_account().name
    out: list[AccountBrand] = []
    for acc in config.all_accounts():
        if acc.name == current:
            continue
        known = cached_brands(account_dir(root, acc))
        if not known:
            out.append(AccountBrand(acc.name, acc.backend, None, acc.name))
        out.extend(AccountBrand(acc.name, acc.backend, bid, name) for bid, name in known)
    return out
