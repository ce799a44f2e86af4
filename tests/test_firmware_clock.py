"""Clock: calendar conversion without time.mktime, wrap-safe ticks, the validity rules
(oscillator stopped, in the DS3231 reset year 2000), and counting seconds from ticks
between rare reads of the chip's date while staying in step with the chip."""

import datetime
import time

import pytest

from totp import clock

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@pytest.mark.parametrize("stamp", [
    "1970-01-01T00:00:00", "1999-12-31T23:59:59", "2000-02-29T12:00:00",
    "2024-02-29T00:00:00", "2026-01-01T00:00:00", "2038-01-19T03:14:08",
    "2068-03-01T00:00:00", "2099-12-31T23:59:59", "2100-03-01T00:00:00",
])
def test_conversion_matches_the_calendar(stamp):
    moment = datetime.datetime.fromisoformat(stamp).replace(tzinfo=datetime.UTC)
    unix = int((moment - EPOCH).total_seconds())
    fields = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    assert clock.unix_from_fields(*fields) == unix
    assert clock.fields_from_unix(unix) == fields + (
        moment.weekday(), moment.timetuple().tm_yday)


def test_every_day_for_two_centuries_round_trips():
    for days in range(0, 365 * 200, 7):
        day = datetime.date(1970, 1, 1) + datetime.timedelta(days=days)
        assert clock.civil_from_days(days) == (day.year, day.month, day.day)
        assert clock.days_from_civil(day.year, day.month, day.day) == days


@pytest.mark.parametrize("later, earlier, diff", [
    (1000, 400, 600),
    (400, 1000, -600),
    (5, (1 << 29) - 5, 10),  # supervisor.ticks_ms wrapped between the two
    ((1 << 29) - 5, 5, -10),
])
def test_ticks_diff_is_wrap_safe(later, earlier, diff):
    assert clock.ticks_diff(later, earlier) == diff


class DS3231:
    """The adafruit_ds3231.DS3231 surface the clock uses; counts reads."""

    def __init__(self, moment, lost_power=False):
        self.moment = moment
        self.lost_power = lost_power
        self.reads = 0

    @property
    def datetime(self):
        self.reads += 1
        return time.struct_time(self.moment.timetuple())

    @datetime.setter
    def datetime(self, value):
        self.moment = datetime.datetime(*value[:6])


class Ticks:
    def __init__(self):
        self.ms = (1 << 29) - 100  # start just before the wrap

    def __call__(self):
        return self.ms

    def advance(self, ms):
        self.ms = (self.ms + ms) % (1 << 29)


@pytest.mark.parametrize("moment, lost_power, valid, reason", [
    (datetime.datetime(2026, 5, 1, 12, 0, 0), False, True, None),
    (datetime.datetime(2026, 5, 1, 12, 0, 0), True, False, "clock stopped"),
    (datetime.datetime(2000, 1, 1, 0, 0, 5), False, False, "clock before 2001"),
    (datetime.datetime(2000, 12, 31, 23, 59, 59), False, False, "clock before 2001"),
    (datetime.datetime(2009, 11, 10, 23, 0, 0), False, True, None),  # RFC 6238 era stays usable
])
def test_validity(moment, lost_power, valid, reason):
    token_clock = clock.Clock(DS3231(moment, lost_power), Ticks())
    now = token_clock.now()
    expected = int((moment.replace(tzinfo=datetime.UTC) - EPOCH).total_seconds())
    assert now == (expected if valid else None)
    assert token_clock.reason == reason


def test_set_makes_the_time_valid_and_is_read_back():
    rtc = DS3231(datetime.datetime(2000, 1, 1), lost_power=True)
    token_clock = clock.Clock(rtc, Ticks())
    assert token_clock.now() is None
    token_clock.set(1_800_000_000)
    assert rtc.lost_power is False
    assert token_clock.now() == 1_800_000_000


def test_set_refuses_years_the_chip_cannot_hold():
    token_clock = clock.Clock(DS3231(datetime.datetime(2026, 1, 1)), Ticks())
    with pytest.raises(ValueError, match="2001 to 2099"):
        token_clock.set(0)


def test_a_chip_that_never_ticks_is_read_at_most_every_250_ms_across_the_wrap():
    rtc = DS3231(datetime.datetime(2026, 5, 1, 12, 0, 0))
    ticks = Ticks()
    token_clock = clock.Clock(rtc, ticks)
    for _ in range(100):  # one second of 10 ms steps
        token_clock.now()
        ticks.advance(10)
    assert rtc.reads == 4


def test_no_clock_says_why_and_refuses_to_be_set():
    missing = clock.NoClock("no DS3231 at 0x68")
    assert missing.now() is None
    with pytest.raises(OSError, match="check the DS3231 wiring"):
        missing.set(1_800_000_000)


class RunningDS3231:
    """A DS3231 whose second turns over ``phase_ms`` into each second of ``ticks``."""

    def __init__(self, ticks, unix, phase_ms):
        self.ticks = ticks
        self.base = unix
        self.phase_ms = phase_ms
        self.lost_power = False
        self.reads = 0

    def unix(self):
        return self.base + (self.ticks.total - self.phase_ms) // 1000

    @property
    def datetime(self):
        self.reads += 1
        return time.struct_time(clock.fields_from_unix(self.unix()) + (-1,))

    @datetime.setter
    def datetime(self, value):
        self.base += clock.unix_from_fields(*value[:6]) - self.unix()


class RunningTicks(Ticks):
    def __init__(self):
        super().__init__()
        self.total = 0  # ms since the start, unwrapped, for the chip

    def advance(self, ms):
        super().advance(ms)
        self.total += ms


def running(phase_ms, unix=1_800_000_000):
    ticks = RunningTicks()
    rtc = RunningDS3231(ticks, unix, phase_ms)
    return clock.Clock(rtc, ticks), rtc, ticks


@pytest.mark.parametrize("phase_ms", [0, 370, 990])
def test_counted_seconds_follow_the_chip_with_few_reads(phase_ms):
    token_clock, rtc, ticks = running(phase_ms)
    seen = []
    for _ in range(60_000):  # ten minutes of 10 ms steps, across the ticks wrap
        now = token_clock.now()
        assert now in (rtc.unix(), rtc.unix() - 1)  # the chip's second, or a read behind
        if now != rtc.unix():
            seen.append(ticks.total)
        assert token_clock.second() == now % clock.SECOND_WRAP
        ticks.advance(10)
    resyncs = 600_000 // clock.RESYNC_MS + 1
    assert rtc.reads <= resyncs * 5  # was 2400: one read per 250 ms
    # behind only just after the chip's second turns over: within a read interval
    assert all((total - phase_ms) % 1000 <= clock.READ_EVERY_MS + 10 for total in seen)


def test_counted_seconds_never_run_backwards_when_the_board_crystal_is_fast():
    token_clock, rtc, ticks = running(500)
    last = token_clock.now()
    for step in range(90_000):  # 15 minutes; the board's ms are 0.1 % short
        ticks.ms = (ticks.ms + 10) % (1 << 29)
        ticks.total += 10 if step % 1000 else 9
        now = token_clock.now()
        assert last <= now <= rtc.unix() + 1
        last = now
    assert abs(now - rtc.unix()) <= 1


def test_a_stopped_oscillator_is_noticed_within_a_read_interval():
    token_clock, rtc, ticks = running(370)
    for _ in range(3000):
        token_clock.now()
        ticks.advance(10)
    rtc.lost_power = True
    steps = 0
    while token_clock.second() >= 0:
        ticks.advance(10)
        steps += 1
    assert steps * 10 <= clock.READ_EVERY_MS
    assert token_clock.now() is None and token_clock.reason == "clock stopped"


def test_a_chip_changed_behind_the_clocks_back_is_followed_at_the_next_resync():
    token_clock, rtc, ticks = running(370)
    for _ in range(300):
        token_clock.now()
        ticks.advance(10)
    rtc.base += 3600  # e.g. the simulator's own set_time
    steps = 0
    while token_clock.now() != rtc.unix():
        ticks.advance(10)
        steps += 1
    assert steps * 10 <= clock.RESYNC_MS + 1500


def test_set_and_a_long_silence_read_the_chip_at_once():
    token_clock, rtc, ticks = running(370)
    token_clock.now()
    token_clock.set(1_900_000_000)
    assert token_clock.now() == rtc.unix() == 1_900_000_000
    reads = rtc.reads
    ticks.advance(clock.CALL_GAP_MS + 10)  # the app did not ask for a while
    assert token_clock.now() == rtc.unix() and rtc.reads == reads + 1
