"""When the demo's interactions happen: a year of one person's week, fast.

A real networking year has a rhythm: weekdays busy and weekends quiet, summer and the
last days of December slow, meetings in office hours and messages into the evening,
nothing at four in the morning. The first demo drew moments as ``now - u**2 * span``,
which piled up hundreds of interactions into the current week (a hockey stick on the
timeline) and at any hour of the night. Here a day is drawn evenly from the window a
contact allows and kept with its day's weight, then a time of day from that kind of
day's hours. Everything is precomputed as strings: a million moments take seconds.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

#: The demo's history: interactions happen in the last year (contacts may be older).
HISTORY_DAYS = 365
#: Monday .. Sunday.
WEEKDAY_WEIGHT = (1.0, 1.05, 1.0, 0.95, 0.8, 0.3, 0.25)
#: January .. December: a slower summer and a quiet end of the year.
MONTH_WEIGHT = (0.95, 1.0, 1.0, 1.0, 0.95, 0.9, 0.75, 0.6, 1.0, 1.0, 1.0, 0.85)
#: Hour -> weight on a working day, and on a weekend.
WORKDAY_HOURS = {7: 1.0, 8: 4.0, 9: 7.0, 10: 8.0, 11: 8.0, 12: 5.0, 13: 6.0, 14: 7.0,
                 15: 7.0, 16: 6.0, 17: 4.0, 18: 3.0, 19: 2.5, 20: 2.0, 21: 1.2, 22: 0.4}
WEEKEND_HOURS = {9: 1.0, 10: 3.0, 11: 4.0, 12: 4.0, 13: 3.0, 14: 3.0, 15: 3.0, 16: 3.0,
                 17: 3.0, 18: 3.0, 19: 3.0, 20: 2.0, 21: 1.0}
TABLE = 4096


def day_weight(day: date) -> float:
    weight = WEEKDAY_WEIGHT[day.weekday()] * MONTH_WEIGHT[day.month - 1]
    if (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day <= 2):
        weight *= 0.4  # the holidays
    return weight


class Calendar:
    """Moments in the ``HISTORY_DAYS`` up to ``now``, as stored strings; a day is named by
    how many days back it is (0 = today)."""

    def __init__(self, now: datetime, rng: random.Random, days: int = HISTORY_DAYS) -> None:
        self.now = now
        self.days = days
        self._rng = rng
        today = now.date()
        dates = [today - timedelta(days=back) for back in range(days)]
        self._prefix = [f"{d.isoformat()} " for d in dates]
        self._weight = [day_weight(d) for d in dates]
        self._max = max(self._weight)
        self._weekend = [d.weekday() >= 5 for d in dates]
        self._times = {weekend: self._time_table(hours) for weekend, hours in
                       ((False, WORKDAY_HOURS), (True, WEEKEND_HOURS))}
        self._now_time = f"{now:%H:%M:%S}"

    def _time_table(self, hours: dict[int, float]) -> list[str]:
        picks = self._rng.choices(list(hours), weights=list(hours.values()), k=TABLE)
        return [f"{h:02d}:{self._rng.randrange(60):02d}:00" for h in picks]

    def back(self, moment: datetime) -> int:
        """Days back from today to ``moment``'s day (negative for the future)."""
        return (self.now.date() - moment.date()).days

    def moment(self, newest: int, oldest: int) -> str:
        """A moment on a day between ``newest`` and ``oldest`` days back (clamped to the
        history), kept by its day's weight; never later than now."""
        newest = max(0, newest)
        oldest = min(self.days - 1, max(oldest, newest))
        random_ = self._rng.random
        span = oldest - newest + 1
        for _ in range(8):
            back = newest + int(random_() * span)
            if random_() * self._max < self._weight[back]:
                break
        clock = self._times[self._weekend[back]][int(random_() * TABLE)]
        if back == 0 and clock > self._now_time:  # later today has not happened yet
            if oldest == 0:
                return f"{self._prefix[0]}{self._now_time}"
            back = 1
        return f"{self._prefix[back]}{clock}"
