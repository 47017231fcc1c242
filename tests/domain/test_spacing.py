"""A bulk reschedule keeps the posts' spacing instead of stacking them on one minute."""

from datetime import datetime, timedelta, timezone

from dashtui.domain.spacing import keep_spacing

T = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
TO = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)


def test_the_earliest_lands_on_the_time_and_the_rest_keep_their_distance():
    times = [T + timedelta(hours=3), T, T + timedelta(minutes=30)]
    assert keep_spacing(times, TO) == [TO + timedelta(hours=3), TO,
                                       TO + timedelta(minutes=30)]


def test_a_post_without_a_time_goes_to_the_time_itself():
    assert keep_spacing([None, T + timedelta(days=1), T], TO) == [TO, TO + timedelta(days=1),
                                                                  TO]
    assert keep_spacing([None, None], TO) == [TO, TO]


def test_a_single_post_goes_exactly_where_it_was_sent():
    assert keep_spacing([T - timedelta(days=40)], TO) == [TO]
