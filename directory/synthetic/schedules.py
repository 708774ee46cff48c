"""Opening hours of synthetic locations (weekly, every other week, monthly, seasonal) and
closures of synthetic services."""

import datetime

from directory.synthetic.data import CLOSURE_REASONS
from directory.synthetic.generator import Generator
from services import weekdays
from services.models import Closure, Frequency, LocationKind, Schedule, Service


def schedule(days: int, opens: str, closes: str, **extra) -> Schedule:
    schedule = Schedule(
        days=days,
        opens_at=datetime.time.fromisoformat(opens),
        closes_at=datetime.time.fromisoformat(closes),
        **extra,
    )
    if schedule.valid_from:  # what Schedule.save() derives
        schedule.anchor_week = weekdays.week_number(schedule.valid_from)
        schedule.anchor_month = weekdays.month_number(schedule.valid_from)
    return schedule


def validity(generator: Generator) -> dict:
    """Most schedules run indefinitely; some are seasonal or start later."""
    rng, today = generator.rng, generator.today
    roll = rng.random()
    if roll < 0.07:
        start = today - datetime.timedelta(days=rng.randint(30, 200))
        return {
            "valid_from": start,
            "valid_to": today + datetime.timedelta(days=rng.randint(20, 200)),
        }
    if roll < 0.10:
        return {"valid_from": today + datetime.timedelta(days=rng.randint(7, 90))}
    return {}


def premises_sessions(generator: Generator, kind: str) -> list[Schedule]:
    rng = generator.rng
    if kind == "self_help":
        day = weekdays.bit(rng.randint(0, 4))
        if rng.random() < 0.3:  # every other week, counted from a first session
            first = generator.today - datetime.timedelta(days=rng.randint(0, 13))
            return [schedule(day, "17:30", "19:00", interval=2, valid_from=first)]
        return [schedule(day, "17:30", "19:00", **validity(generator))]
    pattern = rng.randint(0, 3)
    valid = validity(generator)
    if pattern == 0:
        return [schedule(31, "08:00", "16:00", **valid)]
    if pattern == 1:
        return [
            schedule(15, "09:00", "12:00", **valid),
            schedule(15, "13:00", "17:00", **valid),
        ]
    if pattern == 2:
        return [
            schedule(weekdays.mask([0, 2]), "12:00", "18:00", **valid),
            schedule(weekdays.bit(4), "09:00", "13:00", **valid),
        ]
    sessions = [schedule(31, "10:00", "18:00", **valid)]
    if kind in {"contact_centre", "wet_service", "housing_first"}:
        sessions.append(schedule(weekdays.mask([5, 6]), "10:00", "14:00", **valid))
    return sessions


def outreach_sessions(generator: Generator) -> list[Schedule]:
    rng = generator.rng
    day = weekdays.bit(rng.randint(0, 5))
    opens = rng.choice(["09:00", "13:00", "14:00", "16:00"])
    closes = {"09:00": "12:00", "13:00": "18:00", "14:00": "19:00", "16:00": "20:00"}[opens]
    roll = rng.random()
    if roll < 0.15:
        first = generator.today - datetime.timedelta(days=rng.randint(0, 13))
        return [schedule(day, opens, closes, interval=2, valid_from=first)]
    if roll < 0.20:
        return [
            schedule(
                day,
                opens,
                closes,
                freq=Frequency.MONTHLY,
                week_of_month=rng.choice([1, 2, 3, -1]),
            )
        ]
    return [schedule(day, opens, closes, **validity(generator))]


def remote_sessions(generator: Generator) -> list[Schedule]:
    if generator.rng.random() < 0.3:  # a non-stop line
        return [schedule(127, "00:00", "23:59", open_on_holidays=True)]
    return [schedule(31, "09:00", "20:00")]


def closure(generator: Generator, service: Service, locations) -> Closure:
    rng = generator.rng
    starts = generator.today + datetime.timedelta(days=rng.randint(-10, 60))
    premises = [loc for loc, _ in locations if loc.kind == LocationKind.PREMISES]
    return Closure(
        service_id=service.pk,
        location_id=premises[0].pk if premises and rng.random() < 0.5 else None,
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=rng.randint(0, 13)),
        reason=rng.choice(CLOSURE_REASONS),
    )
