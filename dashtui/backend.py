"""The Backend protocol: every call the core (session, store, edits) and the UI make to a
scheduling service, and the capabilities a backend declares.

In the spirit of harlequin's adapter ABCs, but a typing.Protocol: a backend (Dash in
dashtui/backends/dash/, a fake in the tests) only has to have these members. Its failures are
the neutral errors of dashtui/errors.py, never its own classes; nothing outside
dashtui/backends/ imports a backend package (tests/test_layers.py proves it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

if TYPE_CHECKING:  # the models need pydantic, which is not on the start-up path
    from .domain.platforms import Platform
    from .domain.posts import Board, LibraryMedia, Post, SelfInfo
    from .domain.rules import Finding
    from .errors import BackendError

#: a post's id as its service spells it: Dash's are integers, Genviral's UUIDs, Infinipost's
#: `post_...` strings. The core only compares and stores them; it never does arithmetic.
PostId = int | str


@dataclass(frozen=True)
class EditorField:
    """A row the editor shows for one service only (Infinipost's zone, content, sound).
    `path` is the wire path on the domain post, usually an extra the backend put there."""

    path: str
    label: str
    kind: Literal["line", "choice", "list"]  # list: several values, one line, space-separated
    choices: tuple[str, ...] = ()  # for "choice"
    placeholder: str = ""


@dataclass(frozen=True)
class Capabilities:
    """What a service can do; the core and the UI ask here instead of knowing the service."""

    drafts: bool = True  # posts without a time can be kept
    approvals: bool = False  # posts can wait for someone's approval
    bulk_delete: bool = False  # one call deletes many posts
    idempotency_key: bool = False  # a create can carry a key the service deduplicates on
    # statuses a post may be edited in, in the domain vocabulary (upper-case: SCHEDULED)
    editable_statuses: frozenset[str] = frozenset()
    # how the service takes a time: an instant with an offset, or a local wall time + zone
    time_input: Literal["utc_instant", "local_with_zone"] = "utc_instant"
    #: the service's name as people know it ("Dash", "Genviral"): messages and the header
    label: str = "Dash"
    #: the platforms it can hold posts on (domain Platform values); the sync asks only these
    platforms: tuple[str, ...] = ()
    #: when not empty, the only time zones a post's time may be given in (Infinipost's 11)
    zones: tuple[str, ...] = ()
    #: how a failed post is sent again: a PATCH of its status (Dash), the service's own retry
    #: call (`retry_posts`, Genviral), or a new copy at a new time (Infinipost: failed posts
    #: cannot be edited there)
    retry_style: Literal["patch_status", "endpoint", "copy"] = "patch_status"
    #: what `retry` does on this service, in a sentence the UI shows before it runs
    retry_hint: str = ""
    #: a post can go to several accounts at once, each with its own state (Genviral)
    multi_account: bool = False
    #: the statuses a person may choose in the editor (empty: no status row)
    status_choices: tuple[str, ...] = ("DRAFT", "SCHEDULED", "AUTOPUBLISHING")
    #: posts may wait for a person to publish them by phone (Dash's auto_publish switch)
    manual_publishing: bool = True
    #: Dash's per-platform fields (first comment, TikTok switches, Pinterest board) and its
    #: media library; another service's posts have only caption, time and its own fields
    platform_fields: bool = True
    #: the service's own editor rows
    editor_fields: tuple[EditorField, ...] = ()
    #: the service copies a post into other brands itself (Dash's duplicate_to_brand_ids)
    copy_to_brands: bool = False
    #: posts carry a group id the service keeps (Dash's post_group_id): the same content on
    #: several platforms is one group, composed once (ui/editor/compose.py, `dashtui new`)
    post_groups: bool = False

    @property
    def retry_endpoint(self) -> bool:
        """The service re-sends a failed post itself (`retry_posts`)."""
        return self.retry_style == "endpoint"


class RateLimitState(Protocol):
    """The last rate-limit window a backend saw (for the header and bulk pacing)."""

    limit: int | None
    remaining: int | None
    reset_at: datetime | None
    seen_at: datetime

    @property
    def exhausted(self) -> bool: ...


@runtime_checkable
class Backend(Protocol):
    #: a short stable name: the cache's backend column, logs ("dash")
    name: str
    capabilities: Capabilities

    # -- identity -------------------------------------------------------------------------
    async def whoami(self) -> SelfInfo:
        """Who the token belongs to and which brands it reaches."""

    # -- reading --------------------------------------------------------------------------
    async def list_posts(self, platform: Platform | str, brand_id: int | Sequence[int],
                         start: datetime | None, end: datetime | None) -> list[Post]:
        """Posts of one brand (or several) on one platform in [start, end]; with both None,
        every post of the brand, undated drafts included (a backend may refuse with a
        ValidationError)."""

    async def list_posts_by_brand(self, platform: Platform | str, brand_ids: Sequence[int],
                                  start: datetime, end: datetime
                                  ) -> dict[int, list[Post] | BackendError]:
        """Each brand's posts in [start, end], or the error that kept them."""

    async def get_post(self, platform: Platform | str, post_id: PostId) -> Post: ...

    # -- writing (never retried inside: the outbox does that) -----------------------------
    async def create_post(self, platform: Platform | str,
                          body: Mapping[str, Any] | Post) -> Post: ...

    async def update_post(self, platform: Platform | str, post_id: PostId,
                          changes: Mapping[str, Any]) -> Post: ...

    async def delete_post(self, platform: Platform | str, post_id: PostId) -> None: ...

    async def delete_posts(self, platform: Platform | str, post_ids: Sequence[PostId]
                           ) -> dict[PostId, BackendError | None]:
        """Delete several posts; each id's error, or None when it is gone. A backend
        without a bulk endpoint (capabilities.bulk_delete False) deletes one by one."""

    async def retry_posts(self, platform: Platform | str, post_ids: Sequence[PostId], *,
                          account_ids: Sequence[str] | None = None
                          ) -> dict[PostId, BackendError | None]:
        """Ask the service to publish failed posts again (capabilities.retry_endpoint);
        `account_ids` limits it to some of a post's accounts. Each id's error or None.
        A backend without the endpoint raises ValidationError: the core never calls it."""

    # -- exactly once ---------------------------------------------------------------------
    def prepare_create(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """The create body as queued, with whatever lets `find_lost_create` recognise the
        post later (Dash: a post_group_id)."""

    async def find_lost_create(self, platform: str, brand_id: int,
                               body: Mapping[str, Any]) -> Post | None:
        """After a create whose answer was lost: the post it made, if it landed."""

    def conflict_version(self, post: Post) -> str | None:
        """The version of `post` an edit began from, stored with the queued write."""

    def same_version(self, post: Post, version: str | None) -> bool:
        """Is `post` still at `version` (nobody changed it since)?"""

    def locked_reason(self, post: Post) -> str | None:
        """Why the service will not let `post` be changed (posted, canceled, ...), in words
        for the user, or None when it may be edited: the editor opens read-only and bulk
        actions skip the post without spending a request."""

    # -- live checks ----------------------------------------------------------------------
    def check(self, post: Post, media: Mapping[int, str] | None = None, *,
              now: datetime, x_premium: bool = False) -> list[Finding]:
        """Everything this service (and the networks it posts to) would refuse or fail in
        `post`, errors first: what the editor shows while typing and the list counts."""

    # -- pickers and media ----------------------------------------------------------------
    async def list_boards(self, brand_id: int) -> list[Board]: ...

    async def get_media(self, brand_id: int, media_id: int) -> LibraryMedia: ...

    # -- state and lifetime ---------------------------------------------------------------
    @property
    def rate_limit(self) -> RateLimitState | None: ...

    def endpoints(self) -> dict[str, str]:
        """Where each of the service's parts lives, by name (for `dashtui doctor`)."""

    def scrub(self, value: Any) -> Any:
        """`value` with every secret this backend holds masked (for reports and panels)."""

    async def aclose(self) -> None: ...

    async def __aenter__(self) -> Backend: ...

    async def __aexit__(self, *exc: object) -> None: ...


@runtime_checkable
class MediaLibrary(Protocol):
    """A backend with a media library one can browse and add to (Dash's Library). Separate
    from Backend: a service without one simply lacks these, and the editor offers no picker.
    Failures are the neutral errors; a bad local file is a ValidationError before anything
    is sent."""

    async def list_media(self, brand_id: int, *, kinds: tuple[str, ...] = (),
                         limit: int = 300) -> list[LibraryMedia]:
        """The brand's newest media first, up to `limit`; `kinds` (IMAGE, VIDEO) narrows."""

    async def register_media(self, brand_id: int, url: str, *,
                             filename: str | None = None) -> LibraryMedia:
        """Add a publicly reachable file by its URL."""

    async def upload_media(self, brand_id: int, path: str, *,
                           progress: Callable[[int, int], None] | None = None
                           ) -> LibraryMedia:
        """Upload a local file; `progress(sent, total)` is called as bytes go out."""


__all__ = ["Backend", "Capabilities", "EditorField", "MediaLibrary", "PostId",
           "RateLimitState"]
