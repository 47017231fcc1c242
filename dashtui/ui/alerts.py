"""The open TUI's alerts: the same logic as `dashtui watch` (alerts.py), on its own refreshes.

After a refresh lands, the posts it brought (read back from the cache, only the platforms
that landed) are observed into the account's alert state, the file `dashtui watch` uses, so
the two never both tell; views' thresholds are decided when the views screen (5) has
refreshed every list a view covers. A failing notify command is said in a notice (and kept,
so the next refresh tries it again). Nothing happens without `notify_command`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from textual import work

if TYPE_CHECKING:  # loaded when first used: nothing of this is on the first-paint path
    from ..alerts import Origin
    from ..store.alert_state import AlertState
    from ..store.sync import SyncResult
    from ..views import View

STATE_FILE = "alerts.sqlite3"  # beside the account's cache, as watch.py's state_path


class TuiAlerts:
    """Mixed into DashApp; needs `self.session` and Textual's App API."""

    _alert_state: AlertState | None = None
    _alerts_again = False
    _alerts_running = False

    @property
    def alerts_on(self) -> bool:
        """Only with a command, and never for the demo's made-up failures (`dashtui watch
        --demo --once` is the way to try a command)."""
        return bool(self.session.config.notify_command) and not self.session.demo

    def alert_state(self) -> AlertState:
        from ..store.alert_state import AlertState

        if self._alert_state is None:
            self._alert_state = AlertState(self.session.cache.path.parent / STATE_FILE)
            for notice in self._alert_state.notices:
                self.notify(notice, title="Alerts", severity="warning", markup=False)
        return self._alert_state

    def _origin(self) -> Origin:
        from ..alerts import Origin

        session = self.session
        return Origin(session.config.active_account().name, session.backend.name,
                      session.service)

    def alerts_after_sync(self, results: Iterable[SyncResult | None]) -> None:
        """New failures among the posts these refreshes landed."""
        if not self.alerts_on:
            return
        from ..store.view_rows import view_rows

        session = self.session
        rows = []
        for result in results:
            if result is None or not result.landed:
                continue
            landed = {p.value for p in result.landed}
            rows += [r for r, _ in view_rows(session.cache, [result.brand_id], result.start,
                                             result.end) if r.platform in landed]
        if rows:
            self._observe(rows, ())

    def alert_view_counts(self, counts: Sequence[tuple[View, list]]) -> None:
        """Views whose every list was just read: their thresholds are decided."""
        if not self.alerts_on:
            return
        from ..alerts import ViewCount

        now, zone = self.session.now(), self.session.zone
        self._observe((), [ViewCount(v, len(rows), True, rows, v.window(now, zone))
                           for v, rows in counts if v.alert_above is not None])

    def _observe(self, rows, counts) -> None:
        from ..alerts import observe
        from ..views import parse_when

        session = self.session
        window = parse_when(session.config.alert_window).window(session.now(), session.zone)
        observe(self.alert_state(), self._origin(), rows, window, session.brand_name, counts,
                session.now())
        if self.alert_state().due():
            self.deliver_alerts()

    @work(group="alerts", exit_on_error=False)
    async def deliver_alerts(self) -> None:
        """One delivery at a time; a call meanwhile runs once more after it."""
        from ..alerts import deliver, token_envs

        if self._alerts_running:
            self._alerts_again = True
            return
        self._alerts_running = True
        config = self.session.config
        try:
            while True:
                self._alerts_again = False
                outcomes = await deliver(self.alert_state(), config.notify_command or "",
                                         config.notify_timeout, secrets=token_envs(config))
                for outcome in outcomes:
                    if not outcome.ok:
                        self.notify(f"{outcome.summary}\n{outcome.error}\nKept: tried again "
                                    "on the next refresh.", title="notify_command failed",
                                    severity="error", timeout=20, markup=False)
                if not self._alerts_again:
                    break
        finally:
            self._alerts_running = False

    def close_alerts(self) -> None:
        if self._alert_state is not None:
            self._alert_state.close()
            self._alert_state = None

