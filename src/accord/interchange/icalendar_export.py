"""iCalendar (RFC 5545) export of dates people put in their own calendars: project milestones,
product releases and program milestones, as all-day events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import icalendar


@dataclass(frozen=True)
class Event:
    key: str
    """Stable: the same entity is the same event in every export (calendar apps update it)."""
    summary: str
    day: dt.date
    category: str
    description: str = ""


def document(organization: str, events: Sequence[Event], now: dt.datetime) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Accord//Accord//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{organization}: milestones and releases")
    for event in sorted(events, key=lambda e: (e.day, e.key)):
        entry = icalendar.Event()
        entry.add("uid", f"{event.key}@{organization.lower()}.accord")
        entry.add("dtstamp", now.replace(tzinfo=dt.UTC))
        entry.add("summary", event.summary)
        entry.add("dtstart", event.day)
        entry.add("dtend", event.day + dt.timedelta(days=1))
        entry.add("categories", [event.category])
        entry.add("transp", "TRANSPARENT")
        if event.description:
            entry.add("description", event.description)
        calendar.add_component(entry)
    data: bytes = calendar.to_ical()
    return data
