"""Office hours of one site: weekly opening windows in the site's own time zone.

Pure functions of a clock value, so the replies a person gets ("a counselor is notified" vs. "the
next opening is Monday 09:00") are tested at fixed instants. Public holidays are not modelled: a site
that closes on a holiday is open by these rules (documented in the README).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


class HoursError(ValueError):
    """The office-hours configuration cannot be read."""


@dataclass(frozen=True)
class Window:
    """One opening on one weekday, [start, end) in minutes after local midnight."""

    weekday: int  # 0 = Monday
    start: int
    end: int


def _days(spec: str) -> list[int]:
    """`mon-fri`, `sat`, `mon,wed` → weekday numbers."""
    out: list[int] = []
    for part in spec.lower().replace(" ", "").split(","):
        if "-" in part:
            first, last = part.split("-", 1)
            if first not in DAYS or last not in DAYS:
                raise HoursError(f"unknown day range {part!r} (use mon..sun)")
            a, b = DAYS.index(first), DAYS.index(last)
            out.extend(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
        elif part in DAYS:
            out.append(DAYS.index(part))
        else:
            raise HoursError(f"unknown day {part!r} (use mon..sun)")
    return out


def _minutes(h: str, m: str) -> int:
    hours, minutes = int(h), int(m)
    if hours > 24 or minutes > 59 or (hours == 24 and minutes):
        raise HoursError(f"bad time {h}:{m}")
    return hours * 60 + minutes


@dataclass(frozen=True)
class OfficeHours:
    timezone: str
    windows: tuple[Window, ...]

    @classmethod
    def parse(cls, timezone: str, spec: Mapping[str, object]) -> OfficeHours:
        """`{"mon-fri": "09:00-17:00", "sat": ["10:00-12:00"]}` in `timezone` (an IANA name)."""
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise HoursError(
                f"unknown time zone {timezone!r} (use an IANA name like Europe/Berlin)"
            ) from None
        windows: list[Window] = []
        for days, value in spec.items():
            ranges = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
            for text in ranges:
                match = _WINDOW.match(str(text))
                if not match:
                    raise HoursError(f"bad hours {text!r} for {days!r} (use HH:MM-HH:MM)")
                start, end = _minutes(*match.group(1, 2)), _minutes(*match.group(3, 4))
                if end <= start:
                    raise HoursError(f"hours {text!r} end before they start")
                windows.extend(Window(d, start, end) for d in _days(str(days)))
        return cls(timezone, tuple(sorted(windows, key=lambda w: (w.weekday, w.start))))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local(self, now: dt.datetime) -> dt.datetime:
        if now.tzinfo is None:
            raise ValueError("office hours need an aware datetime")
        return now.astimezone(self.zone)

    def is_open(self, now: dt.datetime) -> bool:
        t = self.local(now)
        minute = t.hour * 60 + t.minute
        return any(w.weekday == t.weekday() and w.start <= minute < w.end for w in self.windows)

    def next_opening(self, now: dt.datetime) -> dt.datetime | None:
        """The start of the next window after `now` (local time of the site), None without windows."""
        if not self.windows:
            return None
        t = self.local(now)
        for offset in range(8):
            day = (t + dt.timedelta(days=offset)).date()
            for w in self.windows:
                if w.weekday != day.weekday():
                    continue
                start = dt.datetime.combine(day, dt.time(w.start // 60, w.start % 60), tzinfo=self.zone)
                if start > t:
                    return start
        return None

    def describe(self) -> str:
        """`Monday–Friday 09:00–17:00, Saturday 10:00–12:00` for people (no zone; the caller adds it)."""
        by_hours: dict[tuple[int, int], list[int]] = {}
        for w in self.windows:
            by_hours.setdefault((w.start, w.end), []).append(w.weekday)
        parts = []
        for (start, end), days in by_hours.items():
            parts.append(f"{_day_span(sorted(set(days)))} {_hhmm(start)}–{_hhmm(end)}")
        return ", ".join(parts)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _day_span(days: list[int]) -> str:
    """[0,1,2,3,4] → Monday–Friday; [0,2] → Monday, Wednesday."""
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{DAY_NAMES[days[0]]}–{DAY_NAMES[days[-1]]}"
    return ", ".join(DAY_NAMES[d] for d in days)


def when_phrase(opening: dt.datetime, now: dt.datetime) -> str:
    """`today at 14:00`, `tomorrow at 09:00`, `Monday at 09:00` (within the week), in the opening's zone."""
    local_now = now.astimezone(opening.tzinfo)
    days = (opening.date() - local_now.date()).days
    clock = opening.strftime("%H:%M")
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    return f"{DAY_NAMES[opening.weekday()]} at {clock}"
