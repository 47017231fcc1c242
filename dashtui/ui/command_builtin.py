"""The `:` commands dashtui comes with: brand, goto, filter, export, help, quit.

Each also shows in the command palette (ui/command_line.py's provider). The filter words
(`status:failed platform:ig`) take short aliases, listed in FILTER_HELP.
"""

from __future__ import annotations

from typing import Any

from ..domain.platforms import SPECS
from ..domain.when import WhenError, parse_day
from .commands import COMMANDS, CommandError, prefix_matches, register

# `:filter` values -> the list's STATUS_FILTERS labels (screens/posts.py)
STATUS_WORDS = {
    "all": "all statuses", "any": "all statuses",
    "scheduled": "scheduled", "sched": "scheduled", "s": "scheduled",
    "draft": "drafts", "drafts": "drafts", "d": "drafts",
    "failed": "failed", "fail": "failed", "f": "failed",
    "needs": "needs action", "action": "needs action", "needs-action": "needs action",
    "published": "published", "posted": "published", "p": "published",
}
FILTER_KEYS = {"status": "status", "s": "status", "st": "status",
               "platform": "platform", "p": "platform", "pl": "platform"}
FILTER_HELP = ("status:failed|scheduled|draft|needs|published (s:), platform:ig|x|fb|li|tt|"
               "yt|pi|th|bs|sc (p:), other words filter the text; :filter alone clears")


def platform_words() -> dict[str, Any]:
    """Every way to name a platform: `instagram`, `ig`, `x`, `twitter`, `Pinterest`."""
    words: dict[str, Any] = {"all": None, "any": None}
    for platform, spec in SPECS.items():
        for word in (platform.value, spec.short, spec.label):
            words[word.lower()] = platform
    return words


# -- :brand ---------------------------------------------------------------------------------
def _brands(app) -> list:
    return list(app.session.brands)


def find_brand(brands: list, typed: str):
    """The one brand `typed` names: its id, slug or name, whole or the start of it (or of a
    word in it). Raises CommandError naming the candidates when it is not one."""
    key = typed.strip().lower()
    if not key:
        raise CommandError("which brand? :brand NAME (tab completes)")
    for test in (lambda b: str(b.id) == key or (b.slug or "").lower() == key
                 or b.name.lower() == key,
                 lambda b: b.name.lower().startswith(key) or (b.slug or "").startswith(key),
                 lambda b: any(w.startswith(key) for w in b.name.lower().split())
                 or key in b.name.lower()):
        hits = [b for b in brands if test(b)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            names = ", ".join(b.name for b in hits[:5])
            raise CommandError(f"“{typed}” is more than one brand: {names}")
    raise CommandError(f"no brand “{typed}”; tab lists them")


def brand_command(app, arg: str) -> None:
    brand = find_brand(_brands(app), arg)
    app.choose_brand(brand)


def brand_complete(app, arg: str) -> list[str]:
    return prefix_matches([b.name for b in _brands(app)], arg)


# -- :goto ----------------------------------------------------------------------------------
async def goto_command(app, arg: str) -> None:
    try:
        day = parse_day(arg or "today", app.today())
    except WhenError as exc:
        raise CommandError(str(exc)) from None
    from .screens.calendar import CalendarScreen
    from .screens.posts import PostsScreen

    app.focus_date = day
    screen = app.screen
    if isinstance(screen, PostsScreen):
        screen.show_day(day)
        return
    if not isinstance(screen, CalendarScreen):
        await app.switch_mode("calendar")
        screen = app.screen
    if isinstance(screen, CalendarScreen):
        screen.calendar.go_to(day)


def goto_complete(app, arg: str) -> list[str]:
    return prefix_matches(["today", "tomorrow", "yesterday", "+1w", "-1w", "+1m", "-1m"], arg)


# -- :filter --------------------------------------------------------------------------------
def parse_filter(arg: str) -> tuple[str, Any, str]:
    """(status label, platform or None, text) from `status:failed platform:ig caption`."""
    status, platform, words = "all statuses", None, []
    platforms = platform_words()
    for token in arg.split():
        key, sep, value = token.partition(":")
        if sep and key.lower() in FILTER_KEYS:
            kind, value = FILTER_KEYS[key.lower()], value.lower()
            if kind == "status":
                if value not in STATUS_WORDS:
                    raise CommandError(f"no status “{value}”: try failed, scheduled, draft, "
                                       "needs, published or all")
                status = STATUS_WORDS[value]
            else:
                if value not in platforms:
                    raise CommandError(f"no platform “{value}”: try ig, x, fb, li, tt, yt, pi, "
                                       "th, bs, sc or all")
                platform = platforms[value]
        elif sep and key and not key.startswith(("http", "#", "@")):
            raise CommandError(f"unknown filter “{key}:”; {FILTER_HELP}")
        else:
            words.append(token)
    return status, platform, " ".join(words)


async def filter_command(app, arg: str) -> None:
    status, platform, text = parse_filter(arg)  # a bad word says so before anything moves
    from .screens.posts import PLATFORM_FILTERS, STATUS_FILTERS, PostsScreen

    if not isinstance(app.screen, PostsScreen):
        await app.switch_mode("posts")
    screen = app.screen
    if not isinstance(screen, PostsScreen):
        raise CommandError("the list (2) could not be opened")
    labels = [label for label, _ in STATUS_FILTERS]
    screen.set_filters(status=labels.index(status), platform=PLATFORM_FILTERS.index(platform),
                       text=text)


def filter_complete(app, arg: str) -> list[str]:
    head, _, last = arg.rpartition(" ")
    head = f"{head} " if head else ""
    key, sep, value = last.partition(":")
    if not sep:
        return [head + o for o in prefix_matches(["status:", "platform:"], last)]
    kind = FILTER_KEYS.get(key.lower())
    if kind == "status":
        options = ["failed", "scheduled", "draft", "needs", "published", "all"]
    elif kind == "platform":
        options = sorted({s.short.lower() for s in SPECS.values()} | {"all"})
    else:
        return []
    return [f"{head}{key}:{o}" for o in prefix_matches(options, value)]


# -- :export --------------------------------------------------------------------------------
async def export_command(app, arg: str) -> None:
    from .screens.export import write_export
    from .screens.posts import PostsScreen

    if not arg:
        raise CommandError("which file? :export nov.csv (or .json)")
    if not isinstance(app.screen, PostsScreen):
        await app.switch_mode("posts")
    screen = app.screen
    if not isinstance(screen, PostsScreen):
        raise CommandError("the list (2) could not be opened")
    rows = screen.table.visible_rows
    if not rows:
        raise CommandError("nothing to export: the list is empty")
    try:
        path, n = write_export(arg, rows, app.session)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    app.notify(f"Wrote {n} post(s) to {path}", markup=False)


# -- :help, :q ------------------------------------------------------------------------------
def help_command(app, arg: str) -> None:
    from .screens.help import HelpScreen

    rows = [(c.shown, c.help + (f" (also :{', :'.join(c.aliases)})" if c.aliases else ""), "")
            for c in COMMANDS.values()]
    app.push_screen(HelpScreen("the : command line", rows))


def quit_command(app, arg: str) -> None:
    app.exit()


register("brand", brand_command, brand_complete, "switch to the brand named (id, slug or name)",
         usage=":brand NAME", aliases=("b",))
register("goto", goto_command, goto_complete, "go to a day: 2026-12-15, 12-15, +3, -1w, today",
         usage=":goto DAY", aliases=("g",))
register("filter", filter_command, filter_complete, f"filter the list: {FILTER_HELP}",
         usage=":filter status:failed platform:ig", aliases=("f",))
register("export", export_command, None, "write the list as shown to a .csv or .json file",
         usage=":export FILE.csv")
register("help", help_command, None, "list these commands", aliases=("h",), takes_arg=False)
register("quit", quit_command, None, "quit dashtui", aliases=("q",), takes_arg=False)
