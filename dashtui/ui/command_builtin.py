"""The `:` commands dashtui comes with: brand, goto, filter, export, view, approvals, journal,
log, help, quit.

Each also shows in the command palette (ui/command_line.py's provider). The filter words
(`status:failed platform:ig`) take short aliases, listed in FILTER_HELP.
"""

from __future__ import annotations

from ..domain.platforms import SPECS
from ..domain.when import WhenError, parse_day
from .commands import COMMANDS, CommandError, prefix_matches, register

FILTER_KEYS = {"status": "status", "s": "status", "st": "status",
               "platform": "platform", "p": "platform", "pl": "platform"}
FILTER_HELP = ("status:failed|scheduled|draft|needs|published (s:, several with commas), "
               "platform:ig|x|fb|li|tt|yt|pi|th|bs|sc (p:), other words filter the text; "
               ":filter alone clears")


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
async def filter_command(app, arg: str) -> None:
    """The filter the calendar and the list share, in the same words as `f` and `/`."""
    from .filter_state import parse_filter
    words = " ".join(_canonical_key(w) for w in arg.split())
    try:
        wanted = parse_filter(words)  # a bad word says so before anything moves
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    app.set_post_filter(wanted)
    await app.switch_mode("posts")  # the calendar follows it too


def _canonical_key(word: str) -> str:
    key, sep, value = word.partition(":")
    kind = FILTER_KEYS.get(key.lower()) if sep else None
    return f"{kind}:{value}" if kind else word


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


# -- :view, and the screens that have a key but no arguments -------------------------------
def view_command(app, arg: str) -> None:
    from .screens.views import open_view, view_names

    names = view_names(app)
    if not arg:
        raise CommandError(f"which view? {', '.join(names)}")
    if arg.strip().lower() not in {n.lower() for n in names}:
        raise CommandError(f"no view “{arg}”: the views are {', '.join(names)}")
    open_view(app, arg.strip())


def view_complete(app, arg: str) -> list[str]:
    from .screens.views import view_names

    return prefix_matches(view_names(app), arg)


def _mode(name: str):
    async def switch(app, arg: str) -> None:
        await app.switch_mode(name)
    return switch


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
register("view", view_command, view_complete, "open a saved view by name (its posts, live)",
         usage=":view NAME", aliases=("v",))
register("approvals", _mode("approvals"), None, "the posts waiting for an approval (6)",
         takes_arg=False)
register("journal", _mode("journal"), None, "every write dashtui made, undoable (J)",
         takes_arg=False)
register("log", lambda app, arg: app.action_api_log(), None,
         "the recent calls to the service (L)", takes_arg=False)

