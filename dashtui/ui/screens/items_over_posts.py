"""A screen whose list of items on top picks the posts shown below it.

The failed view (3: causes over their posts) and the saved views (5: views over theirs)
are both this: an ItemList whose highlighted item fills a PostTable, and enter on an item
goes down to its posts. The screen says how an item's posts are shown (`show_item`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..widgets.line_list import ItemList
from ..widgets.post_table import PostTable


class ItemsOverPosts:
    ITEMS: ClassVar[type[ItemList]]  # the list on top
    POSTS: ClassVar[type[PostTable]]  # the posts below

    @property
    def item_list(self) -> Any:
        return self.query_one(self.ITEMS)  # type: ignore[attr-defined]

    @property
    def posts(self) -> Any:
        return self.query_one(self.POSTS)  # type: ignore[attr-defined]

    def show_item(self, item: Any | None) -> None:
        """Show the posts of `item` (None: the list is empty)."""
        raise NotImplementedError

    def on_item_list_highlighted(self, event: ItemList.Highlighted) -> None:
        self.show_item(event.item)

    def on_item_list_entered(self, event: ItemList.Entered) -> None:
        self.posts.focus()  # type: ignore[attr-defined]
