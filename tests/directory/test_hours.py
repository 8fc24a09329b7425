"""Open now, in the coalition's time zone, including hours that run past midnight and past Sunday."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from directory.hours import Period, is_open, next_change
from tests.factories import make_service

PACIFIC = ZoneInfo("America/Los_Angeles")
MON, TUE, FRI, SAT, SUN = 0, 1, 4, 5, 6


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock moment in Sacramento in the week of Monday 2026-11-30 (day 0 = Monday)."""
    return datetime(2026, 11, 30, hour, minute, tzinfo=PACIFIC) + timedelta(days=day)


WEEKDAY_9_TO_5 = [Period(d, time(9), time(17)) for d in range(5)]


def test_the_monday_helper_is_a_monday():
    assert at(MON, 12).weekday() == 0 and at(SUN, 12).weekday() == 6


def test_open_during_office_hours_and_closed_outside_them():
    assert is_open(WEEKDAY_9_TO_5, at(TUE, 10))
    assert not is_open(WEEKDAY_9_TO_5, at(TUE, 8, 59))
    assert not is_open(WEEKDAY_9_TO_5, at(TUE, 17))  # closing time itself is closed
    assert not is_open(WEEKDAY_9_TO_5, at(SAT, 12))


def test_friday_night_hours_run_into_saturday_morning():
    friday_night = [Period(FRI, time(20), time(2))]
    assert is_open(friday_night, at(FRI, 23))
    assert is_open(friday_night, at(SAT, 1, 30))
    assert not is_open(friday_night, at(SAT, 2))
    assert not is_open(friday_night, at(FRI, 19))
    assert not is_open(friday_night, at(SUN, 1))


def test_sunday_night_hours_run_into_monday_morning():
    sunday_night = [Period(SUN, time(22), time(6))]
    assert is_open(sunday_night, at(SUN, 23))
    assert is_open(sunday_night, at(MON, 5, 59))  # the start of the week, reached from the end of it
    assert not is_open(sunday_night, at(MON, 6))
    assert not is_open(sunday_night, at(SAT, 23))


def test_midnight_to_midnight_means_the_whole_day():
    all_saturday = [Period(SAT, time(0), time(0))]
    assert is_open(all_saturday, at(SAT, 0))
    assert is_open(all_saturday, at(SAT, 23, 59))
    assert not is_open(all_saturday, at(SUN, 0, 1))


def test_open_now_is_judged_in_pacific_time_whatever_the_clock_zone():
    # 18:30 UTC on a Tuesday in winter is 10:30 in Sacramento: open. 02:00 UTC Wednesday is 18:00 Tuesday: closed.
    assert is_open(WEEKDAY_9_TO_5, datetime(2026, 12, 1, 18, 30, tzinfo=ZoneInfo("UTC")))
    assert not is_open(WEEKDAY_9_TO_5, datetime(2026, 12, 2, 2, 0, tzinfo=ZoneInfo("UTC")))


def test_next_change_is_the_next_opening_when_closed():
    change = next_change(WEEKDAY_9_TO_5, at(FRI, 18))
    assert change == at(MON, 9) + timedelta(days=7)


def test_a_service_with_24_7_intake_is_always_open(site_tree):
    service = make_service(intake_24_7=True)
    assert service.is_open(at(SUN, 3))


@pytest.mark.parametrize("moment, expected", [(at(SUN, 23), True), (at(MON, 3), True), (at(MON, 9), False)])
def test_a_service_open_overnight_on_sunday(site_tree, moment, expected):
    service = make_service(schedules=[(SUN, "21:00", "08:00")])
    assert service.is_open(moment) is expected
