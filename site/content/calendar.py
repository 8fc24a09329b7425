"""An event as an iCalendar file (RFC 5545) through the `icalendar` library, which folds long lines, ends
them with CRLF and escapes commas, semicolons and newlines. Times go out in UTC (a trailing Z)."""

from datetime import UTC

from django.utils import timezone
from icalendar import Calendar, Event


def event_calendar(event, request) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Coalition resource directory//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")

    entry = Event()
    url = event.get_full_url(request)
    entry.add("uid", f"event-{event.pk}@{request.get_host().split(':')[0]}")
    entry.add("dtstamp", timezone.now().astimezone(UTC))
    entry.add("dtstart", event.start.astimezone(UTC))
    if event.end:
        entry.add("dtend", event.end.astimezone(UTC))
    entry.add("summary", event.title)
    description = "\n\n".join(part for part in (event.summary, event.online_url, url) if part)
    entry.add("description", description)
    location = ", ".join(part for part in (event.place, event.address) if part) or event.online_url
    if location:
        entry.add("location", location)
    entry.add("url", url)
    calendar.add_component(entry)
    return calendar.to_ical()
