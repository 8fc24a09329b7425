"""Weekly opening hours and "open now", in the site's time zone.

A period whose closing time is not after its opening time runs past midnight into the next day
(Friday 20:00-02:00 is open at 01:00 on Saturday). 00:00-00:00 means the whole day.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]  # HSDS/iCal `byday` codes, Monday first


@dataclass(frozen=True)
class Period:
    weekday: int  # 0 = Monday, as datetime.weekday()
    opens_at: time
    closes_at: time

    @property
    def crosses_midnight(self) -> bool:
        return self.closes_at <= self.opens_at

    def minutes(self) -> tuple[int, int]:
        """Start and end as minutes from Monday 00:00; the end may run past Sunday into the next week."""
        start = self.weekday * 1440 + self.opens_at.hour * 60 + self.opens_at.minute
        end = self.weekday * 1440 + self.closes_at.hour * 60 + self.closes_at.minute
        if self.crosses_midnight:
            end += 1440
        return start, end


def site_now() -> datetime:
    return timezone.now().astimezone(ZoneInfo(settings.TIME_ZONE))


def minute_of_week(moment: datetime) -> int:
    local = moment.astimezone(ZoneInfo(settings.TIME_ZONE)) if moment.tzinfo else moment
    return local.weekday() * 1440 + local.hour * 60 + local.minute


def is_open(periods, moment: datetime | None = None) -> bool:
    """True when `moment` (default: now) falls inside any of the weekly periods."""
    now = minute_of_week(moment or site_now())
    week = 7 * 1440
    for period in periods:
        start, end = period.minutes()
        # A period that runs past Sunday midnight also covers the start of the week.
        if start <= now < end or start <= now + week < end:
            return True
    return False


def next_change(periods, moment: datetime | None = None) -> datetime | None:
    """When the open/closed state next changes, for "closes at"/"opens at" hints."""
    moment = moment or site_now()
    now = minute_of_week(moment)
    week = 7 * 1440
    candidates = []
    for period in periods:
        for edge in period.minutes():
            delta = (edge - now) % week
            if delta:
                candidates.append(delta)
    if not candidates:
        return None
    return (moment + timedelta(minutes=min(candidates))).replace(second=0, microsecond=0)
