"""Pure parsing of HSDS values into ours (no database): schedules, dates, times, numbers,
phone numbers and IČO.

Functions append human-readable sentences to ``problems`` (the record cannot be imported) or
``warnings`` (imported, with something left out) and return None for a value they reject.
"""

import dataclasses
import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory.text import fold
from directory.validators import ico_is_valid, normalise_phone
from services import weekdays
from services.hsds import taxonomy
from services.models import Frequency, MpsvParagraph

_BYDAY = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_UNSUPPORTED_RULE_PARTS = ("byweekno", "bymonthday", "byyearday", "count")


def text(value, limit: int, what: str, warnings: list) -> str:
    """A string field, shortened to ``limit`` characters with a warning."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    value = value.strip()
    if len(value) > limit:
        warnings.append(
            ngettext(
                "%(field)s shortened to %(count)d character",
                "%(field)s shortened to %(count)d characters",
                limit,
            )
            % {"field": what, "count": limit}
        )
        value = value[: limit - 1].rstrip() + "…"
    return value


def date(value, what: str, problems: list) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        problems.append(
            _("%(field)s %(value)s is not a date (YYYY-MM-DD)")
            % {"field": what, "value": repr(value)}
        )
        return None


def moment(value, what: str, problems: list) -> datetime.datetime | None:
    """An ISO 8601 date-time (``Z`` or an offset; without one: Prague time), aware."""
    try:
        parsed = datetime.datetime.fromisoformat(str(value or "").strip())
    except ValueError:
        parsed = None
    date_only = "T" not in str(value) and " " not in str(value).strip()
    if parsed is None or date_only:
        problems.append(
            _("%(field)s %(value)s is not a date-time (e.g. 2026-12-01T09:30:00+01:00)")
            % {"field": what, "value": repr(value)}
        )
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def time(value, what: str, problems: list) -> datetime.time | None:
    """``HH:MM`` or ``HH:MM:SS`` (an offset, if any, is ignored: times are Prague times)."""
    match = _TIME.match(str(value or "").strip())
    if match:
        hour, minute, second = (int(part or 0) for part in match.groups())
        if hour < 24 and minute < 60 and second < 60:
            return datetime.time(hour, minute, second)
    problems.append(
        _("%(field)s %(value)s is not a time of day (HH:MM or HH:MM:SS)")
        % {"field": what, "value": repr(value)}
    )
    return None


def whole_number(value, what: str, problems: list, *, minimum=0, maximum=None) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        problems.append(
            _("%(field)s %(value)s is not a number") % {"field": what, "value": repr(value)}
        )
        return None
    try:
        number = float(value)
    except ValueError:
        problems.append(
            _("%(field)s %(value)s is not a number") % {"field": what, "value": repr(value)}
        )
        return None
    if number != int(number) or number < minimum or (maximum is not None and number > maximum):
        values = {"field": what, "value": repr(value), "minimum": minimum, "maximum": maximum}
        if maximum is None:
            problems.append(_("%(field)s %(value)s is not a whole number ≥ %(minimum)d") % values)
        else:
            problems.append(
                _("%(field)s %(value)s is not a whole number %(minimum)d–%(maximum)d") % values
            )
        return None
    return int(number)


def mpsv_registration(licenses: str) -> tuple[str, str]:
    """(MPSV identifier, § of Act 108/2006 Sb.) from our ``licenses`` text, or empty strings."""
    if not isinstance(licenses, str):
        return "", ""
    identifier = re.search(r"\b(\d{7})\b", licenses) if "MPSV" in licenses else None
    paragraph = re.search(r"§\s*(\d+)", licenses)
    paragraph_value = paragraph.group(1) if paragraph else ""
    if paragraph_value not in MpsvParagraph.values:
        paragraph_value = ""
    return (identifier.group(1) if identifier else ""), paragraph_value


def rvkpp_until(accreditations: str) -> datetime.date | None:
    if not isinstance(accreditations, str) or "RVKPP" not in accreditations:
        return None
    match = re.search(r"(\d{4}-\d{2}-\d{2})", accreditations)
    try:
        return datetime.date.fromisoformat(match.group(1)) if match else None
    except ValueError:
        return None


@dataclasses.dataclass
class ScheduleData:
    """One of our Schedule rows, before it has a service and a location."""

    days: int
    opens_at: datetime.time
    closes_at: datetime.time
    freq: str = Frequency.WEEKLY
    interval: int = 1
    week_of_month: int | None = None
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    note: str = ""
    open_on_holidays: bool = False

    def as_fields(self) -> dict:
        return dataclasses.asdict(self)


def _byday(value, freq, interval, anchor, what, problems, warnings) -> dict | None:
    """{week_of_month or None: day mask}; monthly rules with several ordinals become several
    rows ("1MO,3MO" = first and third Monday)."""
    tokens = [token.strip().upper() for token in str(value or "").split(",") if token.strip()]
    if not tokens:
        if anchor is None:
            problems.append(
                _("%(field)s: byday is missing (say which weekdays, e.g. MO,TH)") % {"field": what}
            )
            return None
        tokens = [weekdays.HSDS_CODES[anchor.weekday()]]  # RFC 5545: the weekday of dtstart
    groups: dict[int | None, int] = {}
    for token in tokens:
        match = _BYDAY.match(token)
        if not match:
            problems.append(
                _("%(field)s: byday %(value)s is not a weekday like MO, 2MO or -1FR")
                % {"field": what, "value": repr(token)}
            )
            return None
        ordinal = int(match.group(1)) if match.group(1) else None
        if ordinal is not None and ordinal not in (1, 2, 3, 4, 5, -1):
            problems.append(
                _("%(field)s: byday %(value)s: only 1MO … 5MO and -1MO are supported")
                % {"field": what, "value": repr(token)}
            )
            return None
        day = weekdays.bit(weekdays.HSDS_CODES.index(match.group(2)))
        groups[ordinal] = groups.get(ordinal, 0) | day
    if freq == Frequency.WEEKLY and any(ordinal is not None for ordinal in groups):
        problems.append(
            _("%(field)s: byday %(value)s: a weekly schedule cannot name the n-th weekday")
            % {"field": what, "value": repr(value)}
        )
        return None
    if freq == Frequency.MONTHLY and None in groups:
        if interval != 1 or len(groups) > 1:
            problems.append(
                _(
                    "%(field)s: byday %(value)s: a monthly schedule needs the n-th weekday (2MO, -1FR)"
                )
                % {"field": what, "value": repr(value)}
            )
            return None
        warnings.append(
            _("%(field)s: monthly on every %(value)s is imported as weekly")
            % {"field": what, "value": value}
        )
    return groups


def schedules(data, what: str, problems: list, warnings: list) -> list[ScheduleData]:
    """Our schedule rows for one HSDS schedule (usually one; more for "1MO,3MO")."""
    if not isinstance(data, dict):
        problems.append(_("%(field)s is not an object") % {"field": what})
        return []
    own: list[str] = []
    freq = str(data.get("freq") or Frequency.WEEKLY).upper()
    if freq not in Frequency.values:
        own.append(
            _("%(field)s: freq %(value)s is not WEEKLY or MONTHLY")
            % {"field": what, "value": repr(data.get("freq"))}
        )
    interval = whole_number(data.get("interval") or 1, f"{what}: interval", own, minimum=1)
    opens_at = time(data.get("opens_at"), f"{what}: opens_at", own)
    closes_at = time(data.get("closes_at"), f"{what}: closes_at", own)
    if opens_at and closes_at and closes_at <= opens_at:
        own.append(
            _(
                "%(field)s: closes_at %(closes_at)s is not after opens_at %(opens_at)s "
                "(split sessions past midnight in two)"
            )
            % {"field": what, "closes_at": data.get("closes_at"), "opens_at": data.get("opens_at")}
        )
    valid_from = date(data.get("valid_from"), f"{what}: valid_from", own)
    valid_to = date(data.get("valid_to"), f"{what}: valid_to", own)
    dtstart = date(data.get("dtstart"), f"{what}: dtstart", own)
    until = date(data.get("until"), f"{what}: until", own)
    valid_from = valid_from or dtstart
    if until and (valid_to is None or until < valid_to):
        valid_to = until
    if valid_from and valid_to and valid_to < valid_from:
        own.append(
            _("%(field)s: valid_to %(valid_to)s is before valid_from %(valid_from)s")
            % {"field": what, "valid_to": valid_to, "valid_from": valid_from}
        )
    if interval and interval > 1 and not valid_from:
        own.append(
            ngettext(
                "%(field)s: every %(count)d week/month needs valid_from or dtstart to count from",
                "%(field)s: every %(count)d weeks/months needs valid_from or dtstart to count from",
                interval,
            )
            % {"field": what, "count": interval}
        )
    groups = None
    if not own:
        groups = _byday(data.get("byday"), freq, interval, valid_from, what, own, warnings)
    if own:
        problems.extend(own)
        return []
    ignored = [part for part in _UNSUPPORTED_RULE_PARTS if data.get(part) not in (None, "")]
    if ignored:
        warnings.append(
            _("%(field)s: %(parts)s not supported, ignored")
            % {"field": what, "parts": ", ".join(ignored)}
        )
    note = text(data.get("description") or data.get("notes"), 200, f"{what}: description", warnings)
    holidays = any(
        isinstance(item, dict)
        and isinstance(item.get("taxonomy_term"), dict)
        and item["taxonomy_term"].get("code") == "open_on_holidays"
        and str(item.get("value", "")).lower() == "true"
        for item in items(data.get("attributes"))
    )
    rows = []
    for ordinal, days in groups.items():
        monthly = freq == Frequency.MONTHLY and ordinal is not None
        rows.append(
            ScheduleData(
                days=days,
                opens_at=opens_at,
                closes_at=closes_at,
                freq=Frequency.MONTHLY if monthly else Frequency.WEEKLY,
                interval=interval,
                week_of_month=ordinal if monthly else None,
                valid_from=valid_from,
                valid_to=valid_to,
                note=note,
                open_on_holidays=holidays,
            )
        )
    return rows


def name(data) -> str:
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) else ""


def array(data: dict, key: str) -> list | None:
    """The array ``data[key]``; None when absent (= leave ours alone)."""
    value = data.get(key)
    if value is None:
        return None
    return value if isinstance(value, list) else []


def attributes(data: dict) -> list[dict]:
    return [
        item
        for item in items(data.get("attributes"))
        if isinstance(item, dict) and isinstance(item.get("taxonomy_term"), dict)
    ]


def profile_value(data: dict, code: str) -> str | None:
    for item in attributes(data):
        term = item["taxonomy_term"]
        if term.get("code") == code and taxonomy.vocabulary_of(term) == taxonomy.PROFILE:
            value = item.get("value")
            return value if isinstance(value, str) else ""
    return None


def items(value) -> list:
    """``value`` if it is a JSON array, else an empty one (files are not to be trusted)."""
    return value if isinstance(value, list) else []


def phone_numbers(*holders) -> list:
    """The numbers of the ``phones`` arrays ``holders``, as text, in order."""
    numbers = []
    for holder in holders:
        for phone in items(holder):
            if isinstance(phone, dict) and phone.get("number"):
                numbers.append(str(phone["number"]))
    return numbers


def first_phone(numbers, what, warnings) -> str:
    """The first of ``numbers`` that is a phone number, in our form; "" when none is."""
    for number in numbers:
        try:
            return normalise_phone(number.strip().strip("\"'"))
        except ValidationError:
            warnings.append(
                _("%(field)s: phone number %(number)s is not a phone number, left out")
                % {"field": what, "number": repr(number)}
            )
    return ""


def ico(data: dict, warnings: list) -> str | None:
    """The IČO among an organization's ``organization_identifiers``: None when it has no such
    array (keep ours), "" when none of them is a valid IČO."""
    identifiers = array(data, "organization_identifiers")
    if identifiers is None:
        return None
    found = ""
    for item in identifiers:
        if not isinstance(item, dict):
            continue
        scheme = fold(str(item.get("identifier_scheme") or ""))
        kind = fold(str(item.get("identifier_type") or ""))
        if scheme == "cz-ico" or kind == "ico":
            value = str(item.get("identifier") or "").replace(" ", "")
            if ico_is_valid(value):
                found = value
            else:
                warnings.append(
                    _("IČO %(ico)s fails the checksum, left out") % {"ico": repr(value)}
                )
    return found
