"""MS Project XML's codes and value formats: link types, constraints, weekdays, resource types,
duration and lag formats, and how its texts read as dates, durations and amounts."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from lxml import etree

from accord.domain.calendar import Weekday, WorkingTime
from accord.domain.errors import ValidationError
from accord.domain.project import ConstraintType, LagFormat, LinkType
from accord.domain.resources import RATE_TABLES, CostRate, ResourceKind
from accord.interchange.mspdi_extra import NS

CENTS = Decimal(100)
"""MSPDI writes costs (fixed cost, cost per use, baseline cost) in hundredths of the currency."""
RATES_SINCE_EVER = dt.datetime(1984, 1, 1)
"""MS Project's first date: a rate from then applies from the start."""
_DURATION = re.compile(r"-?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?")
_ELAPSED_FORMATS = {4, 6, 8, 10, 12, 20, 36, 38, 40, 42, 44, 52}
_PERCENT_FORMATS = {19, 20, 51, 52}
LINK_TYPES = {
    0: LinkType.FINISH_TO_FINISH,
    1: LinkType.FINISH_TO_START,
    2: LinkType.START_TO_FINISH,
    3: LinkType.START_TO_START,
}
CONSTRAINTS = {
    0: ConstraintType.AS_SOON_AS_POSSIBLE,
    1: ConstraintType.AS_LATE_AS_POSSIBLE,
    2: ConstraintType.MUST_START_ON,
    3: ConstraintType.MUST_FINISH_ON,
    4: ConstraintType.START_NO_EARLIER_THAN,
    5: ConstraintType.START_NO_LATER_THAN,
    6: ConstraintType.FINISH_NO_EARLIER_THAN,
    7: ConstraintType.FINISH_NO_LATER_THAN,
}
DAYS = {
    1: Weekday.SUNDAY,
    2: Weekday.MONDAY,
    3: Weekday.TUESDAY,
    4: Weekday.WEDNESDAY,
    5: Weekday.THURSDAY,
    6: Weekday.FRIDAY,
    7: Weekday.SATURDAY,
}
RESOURCE_KINDS = {0: ResourceKind.MATERIAL, 1: ResourceKind.WORK, 2: ResourceKind.COST}


def lag_format_of(code: int) -> LagFormat:
    """What an MSPDI lag format code measures (the code also says the unit it is shown in)."""
    if code in _PERCENT_FORMATS:
        return LagFormat.PERCENT
    return LagFormat.ELAPSED if code in _ELAPSED_FORMATS else LagFormat.WORKING


def is_elapsed(code: int) -> bool:
    """Whether an MSPDI duration format code counts calendar time."""
    return code in _ELAPSED_FORMATS


def fields_of(element: etree._Element) -> dict[str, str]:
    """The texts of an element's children, by name (the first of each name)."""
    found: dict[str, str] = {}
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and child.text is not None:
            name = tag[len(NS) :] if tag.startswith(NS) else tag
            text = child.text.strip()
            if text and name not in found:
                found[name] = text
    return found


def text_of(element: etree._Element | None, name: str) -> str | None:
    """The stripped text of an element's child of that name (None: absent or empty)."""
    if element is None:
        return None
    found = element.find(f"{NS}{name}")
    if found is None or found.text is None or not found.text.strip():
        return None
    return str(found.text).strip()


def datetime_of(text: str | None, where: str, name: str) -> dt.datetime | None:
    if text is None:
        return None
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=None, second=0, microsecond=0)
    except ValueError:
        raise ValidationError(where, name, f"{text!r} is not a date and time") from None


def period_of(element: etree._Element | None, where: str) -> tuple[dt.date | None, dt.date | None]:
    first = datetime_of(text_of(element, "FromDate"), where, "FromDate")
    last = datetime_of(text_of(element, "ToDate"), where, "ToDate")
    if first is None or last is None:
        return None, None
    if last.time() == dt.time(0, 0) and last.date() > first.date():
        last -= dt.timedelta(minutes=1)  # to midnight: the day before is the last one
    return first.date(), last.date()


def working_times_of(element: etree._Element) -> tuple[WorkingTime, ...]:
    found = []
    for period in element.findall(f"{NS}WorkingTimes/{NS}WorkingTime"):
        start, end = text_of(period, "FromTime"), text_of(period, "ToTime")
        if start is None or end is None:
            continue
        a, b = clock_minutes(start), clock_minutes(end)
        found.append(WorkingTime(a, 1440 if b == 0 else b))
    return tuple(sorted(found))


def clock_minutes(text: str) -> int:
    hours, minutes, *_ = (int(x) for x in text.split(":"))
    return hours * 60 + minutes


def minutes(text: str | None, where: str) -> int:
    """An ISO 8601 duration (as MSPDI writes them) in whole minutes."""
    if text is None:
        return 0
    match = _DURATION.fullmatch(text)
    if match is None:
        raise ValidationError(where, "Duration", f"{text!r} is not an ISO 8601 duration")
    years, months, days, hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    if years or months:
        raise ValidationError(where, "Duration", f"{text!r} counts years or months, which MSPDI does not")
    return max(0, round(days * 1440 + hours * 60 + minutes + seconds / 60))


def whole_minutes(text: str | None) -> bool:
    """Whether an ISO 8601 duration is a whole number of minutes."""
    match = _DURATION.fullmatch(text or "")
    return match is None or not match.group(6) or float(match.group(6)) % 60 == 0


def money(text: str | None, where: str) -> Decimal:
    if text is None:
        return Decimal(0)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError(where, "rate", f"{text!r} is not a number") from None
    return max(value, Decimal(0))


def rates_of(element: etree._Element, where: str) -> tuple[CostRate, ...]:
    """A resource's cost rate tables (the first entry of each table and date)."""
    found: dict[tuple[str, dt.datetime | None], CostRate] = {}
    for raw in element.findall(f"{NS}Rates/{NS}Rate"):
        rate = fields_of(raw)
        number = int(rate.get("RateTable", "0"))
        since = datetime_of(rate.get("RatesFrom"), where, "RatesFrom")
        if not 0 <= number < len(RATE_TABLES):
            continue
        effective = None if since is None or since <= RATES_SINCE_EVER else since
        found.setdefault(
            (RATE_TABLES[number], effective),
            CostRate(
                table=RATE_TABLES[number],
                effective_from=effective,
                standard_rate=money(rate.get("StandardRate"), where),
                overtime_rate=money(rate.get("OvertimeRate"), where),
                cost_per_use=money(rate.get("CostPerUse"), where) / CENTS,
            ),
        )
    return tuple(found.values())
