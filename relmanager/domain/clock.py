"""Time as a dependency.

Every module that asks "what time is it" takes a :class:`Clock`, so that tests can run a
month of reminders in milliseconds and prove that a suspended laptop gets its reminder once.
Datetimes are naive local time throughout: reminders such as "weekday mornings at 08:30"
are about the user's wall clock, and the database is a single user's local file.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Wall-clock time plus a monotonic counter, to notice clock jumps and suspends."""

    def now(self) -> datetime: ...

    def monotonic(self) -> float: ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now()

    def monotonic(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that only moves when told to.

    ``advance`` moves wall and monotonic time together (time passing while awake);
    ``jump`` moves only the wall clock, which is what a suspend/resume or an NTP
    correction looks like to a running process.
    """

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 1, 5, 9, 0, 0)  # pragma: no mutate
        self._mono = 1000.0  # pragma: no mutate

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        step = delta if delta is not None else timedelta(**kwargs)
        self._now += step
        self._mono += step.total_seconds()
        return self._now

    def jump(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self._now += delta if delta is not None else timedelta(**kwargs)
        return self._now

    def set(self, when: datetime) -> None:
        self._mono += max(0.0, (when - self._now).total_seconds())
        self._now = when


class ScaledClock:
    """A real clock that starts at a chosen moment and runs ``rate`` times as fast.

    The end-to-end tests' hook (``RELMANAGER_FAKE_NOW`` and ``RELMANAGER_CLOCK_RATE``,
    read by :func:`clock_from_env`): the real app, as a separate process,
    lives through a fifteen-minute time box or a night of quiet hours in seconds. Timers
    that wait for a moment on this clock divide their delay by :attr:`rate`.
    """

    def __init__(self, start: datetime, rate: float = 1.0) -> None:
        if rate <= 0:
            raise ValueError(f"clock rate must be positive, not {rate}")
        self.rate = rate
        self._start = start
        self._t0 = time.monotonic()

    def _elapsed(self) -> float:
        return (time.monotonic() - self._t0) * self.rate

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self._elapsed())

    def monotonic(self) -> float:
        return self._t0 + self._elapsed()


def real_delay_ms(clock: Clock, delay_ms: float) -> float:
    """A delay measured on ``clock`` in real milliseconds (what a QTimer waits)."""
    return delay_ms / getattr(clock, "rate", 1.0)


#: Environment of the test hook that starts the app's clock at a chosen moment (ISO date
#: and time) and, optionally, runs it faster: see docs/TESTING.md.
FAKE_NOW_ENV = "RELMANAGER_FAKE_NOW"
CLOCK_RATE_ENV = "RELMANAGER_CLOCK_RATE"


def clock_from_env(environ: Mapping[str, str] | None = None) -> Clock:
    """The system clock, or a :class:`ScaledClock` when ``RELMANAGER_FAKE_NOW`` is set
    (the end-to-end tests run the real app at a chosen date, minutes in seconds). Built
    once by ``relmanager.cli.main`` and passed down; nothing reads a clock global."""
    import os

    env = os.environ if environ is None else environ
    start = env.get(FAKE_NOW_ENV)
    if not start:
        return SystemClock()
    try:
        return ScaledClock(datetime.fromisoformat(start), float(env.get(CLOCK_RATE_ENV) or 1.0))
    except ValueError as error:
        raise SystemExit(f"relmanager: error: {FAKE_NOW_ENV}/{CLOCK_RATE_ENV}: {error}"
                         ) from None
