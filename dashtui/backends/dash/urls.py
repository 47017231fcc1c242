"""Where each Dash service lives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ServiceURLs:
    """Base URLs of the four Dash services. Defaults are the real hosts."""

    scheduler: str = "https://scheduler.dashsocial.com"
    library: str = "https://library-backend.dashsocial.com"
    pinterest: str = "https://pinterest.dashsocial.com"
    auth: str = "https://auth.dashsocial.com"

    @classmethod
    def from_root(cls, root: str) -> ServiceURLs:
        """One `api_root` for all four: `<root>/scheduler`, `<root>/library`, ..."""
        root = root.rstrip("/")
        return cls(
            scheduler=f"{root}/scheduler",
            library=f"{root}/library",
            pinterest=f"{root}/pinterest",
            auth=f"{root}/auth",
        )

    def items(self) -> list[tuple[str, str]]:
        return [("scheduler", self.scheduler), ("library", self.library),
                ("pinterest", self.pinterest), ("auth", self.auth)]


def service_urls(config: Any) -> ServiceURLs:
    """The config's `api_root` and `[services]` overrides, over the real hosts."""
    base = ServiceURLs.from_root(config.api_root) if config.api_root else ServiceURLs()
    overrides = {k: v for k, v in config.services.model_dump().items() if v}
    return ServiceURLs(**{**base.__dict__, **overrides})
