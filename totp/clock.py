"""UTC time from the DS3231: valid-or-None seconds, setting, and calendar maths.

``Clock(rtc, ticks_ms)`` wraps an ``adafruit_ds3231.DS3231``. Reading the time
builds a ``struct_time`` (an allocation), so the date is read only at boot,
after ``set``, after a long gap between calls and every ``RESYNC_MS``; in
between the seconds are counted from ``supervisor.ticks_ms``. Each (re)sync
reads every ``READ_EVERY_MS`` until the chip's second changes, so the count is
in phase with the chip (within one read interval). The oscillator-stop flag
(``lost_power``, a bit read that allocates nothing) is checked every
``READ_EVERY_MS``: the time stops being valid as soon as the chip says so. So is
the chip's seconds register (one preallocated byte): a time changed behind the
clock's back (another tool on the I2C bus, the simulator) is read again at once.
The time is not valid (``now()`` is ``None``, ``second()`` is -1) while that
flag is set or the date is before ``EARLIEST_YEAR``. UTC seconds are above
2**30, a heap int on the board: ``now()`` builds one per call, so a loop that
runs every second uses ``second()`` (UTC seconds modulo ``SECOND_WRAP``, a
small int). Conversions use days-from-civil arithmetic, not ``time.mktime``,
which boards lack or implement differently.
"""

from totp.const import const

# A DS3231 restarts at 2000-01-01 after losing power; any reading in that year
# is an unset clock even if the stop flag was cleared. The floor is not the
# firmware's build year: RFC 6238's published test times (2009) must stay
# settable so anyone can check the token against the RFC.
EARLIEST_YEAR = 2001
READ_EVERY_MS = 250  # the stop flag, and the date while (re)syncing
RESYNC_MS = 50000  # read the date again this often: a minute at most between checks
SYNC_GAP_MS = 2 * READ_EVERY_MS  # two readings further apart than this say nothing of phase
CALL_GAP_MS = 2000  # no call for this long (a sleeping app): read the date again
SECOND_WRAP = 1 << 28  # second() is UTC seconds modulo this: a small int on the board
TICKS_PERIOD = 1 << 29  # supervisor.ticks_ms wraps here
TICKS_HALF = TICKS_PERIOD >> 1
SECONDS_PER_DAY = 86400
SECONDS_REGISTER = b"\x00"  # DS3231 register 0: seconds, BCD
STOPPED = "clock stopped"
TOO_EARLY = "clock before %d" % EARLIEST_YEAR


def ticks_diff(later, earlier):
    """Wrap-safe ``later - earlier`` for ``supervisor.ticks_ms`` values."""
    diff = (later - earlier) & (TICKS_PERIOD - 1)
    if diff >= TICKS_HALF:
        diff -= TICKS_PERIOD
    return diff


def days_from_civil(year, month, day):
    """Days since 1970-01-01 of a proleptic Gregorian date."""
    if month <= 2:
        year -= 1
    era = year // 400
    year_of_era = year - era * 400
    shifted_month = month - 3 if month > 2 else month + 9
    day_of_year = (153 * shifted_month + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def civil_from_days(days):
    """(year, month, day) of a day count since 1970-01-01."""
    days += 719468
    era = days // 146097
    day_of_era = days - era * 146097
    year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36524
                   - day_of_era // 146096) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    shifted_month = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * shifted_month + 2) // 5 + 1
    month = shifted_month + 3 if shifted_month < 10 else shifted_month - 9
    year = year_of_era + era * 400 + (1 if month <= 2 else 0)
    return year, month, day


def unix_from_fields(year, month, day, hour, minute, second):
    return days_from_civil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second


FIELD_YEAR = const(0)  # of fields_from_unix(), as in time.struct_time


def fields_from_unix(unix):
    """(year, month, day, hour, minute, second, weekday Monday=0, day of year 1..366)."""
    days = unix // SECONDS_PER_DAY
    rest = unix - days * SECONDS_PER_DAY
    year, month, day = civil_from_days(days)
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday
    yearday = days - days_from_civil(year, 1, 1) + 1
    return year, month, day, rest // 3600, (rest // 60) % 60, rest % 60, weekday, yearday


class Clock:
    """The token's notion of UTC, read from a DS3231 driver."""

    def __init__(self, rtc, ticks_ms):
        self._rtc = rtc
        self._ticks_ms = ticks_ms
        self.reason = None  # why the time is not valid, for the screen and serial
        self._valid = False
        self._locked = False  # counting from the anchor below, in phase with the chip
        self._anchor = 0  # UTC seconds (a heap int on the board) at _anchor_ticks
        self._anchor_wrapped = 0  # _anchor % SECOND_WRAP
        self._anchor_minute_second = 0  # _anchor % 60
        self._anchor_ticks = 0
        self._elapsed = 0  # whole seconds since the anchor, as of the last refresh
        self._reading = None  # the last date read while syncing, and when
        self._read_at = 0
        self._checked_at = 0  # the last stop-flag check
        self._called_at = 0
        self._fresh = False  # False: the next call reads the chip first
        # the driver's I2C device, to read the seconds register without a struct_time
        self._device = getattr(rtc, "i2c_device", None)
        self._register = bytearray(1)

    def now(self):
        """UTC seconds, or ``None`` while the time is not valid."""
        if not self._refresh():
            return None
        return self._anchor + self._elapsed

    def second(self):
        """UTC seconds modulo ``SECOND_WRAP`` (allocates nothing), or -1 while not valid."""
        if not self._refresh():
            return -1
        second = self._anchor_wrapped + self._elapsed
        return second - SECOND_WRAP if second >= SECOND_WRAP else second

    def set(self, unix):
        """Set the chip to ``unix`` UTC seconds; this also clears ``lost_power``."""
        import time  # struct_time is only needed here, on CircuitPython and CPython

        fields = fields_from_unix(int(unix))
        year = fields[FIELD_YEAR]
        if year < EARLIEST_YEAR or year > 2099:
            raise ValueError(
                "the DS3231 holds years %d to 2099, not %d" % (EARLIEST_YEAR, year))
        self._rtc.datetime = time.struct_time(fields + (-1,))
        self._rtc.lost_power = False
        self._fresh = False

    # -- keeping the count in step with the chip -----------------------------------

    def _refresh(self):
        """Bring the state up to now; True while the time is valid."""
        ticks = self._ticks_ms()
        gap = ticks_diff(ticks, self._called_at)
        self._called_at = ticks
        if not self._fresh or gap < 0 or gap > CALL_GAP_MS:
            self._fresh = True  # boot, set, or a long sleep: start again from the chip
            self._checked_at = ticks
            self._locked = False
            self._reading = None
            self._read_date(ticks)
            return self._valid
        if ticks_diff(ticks, self._checked_at) >= READ_EVERY_MS:
            self._checked_at = ticks
            if not self._locked or ticks_diff(ticks, self._anchor_ticks) >= RESYNC_MS:
                self._read_date(ticks)
            elif self._rtc.lost_power:
                self._invalid(STOPPED)
            elif self._chip_disagrees(ticks):
                self._locked = False
                self._read_date(ticks)
        if self._valid and self._locked:
            self._elapsed = ticks_diff(ticks, self._anchor_ticks) // 1000
        return self._valid

    def _chip_disagrees(self, ticks):
        """True when the chip's second is not the counted one (nor one read ahead)."""
        device = self._device
        if device is None:
            return False
        with device as i2c:
            i2c.write_then_readinto(SECONDS_REGISTER, self._register)
        value = self._register[0]
        chip = (value & 0x0F) + ((value >> 4) & 0x07) * 10
        counted = self._anchor_minute_second + ticks_diff(ticks, self._anchor_ticks) // 1000
        ahead = (chip - counted) % 60
        return ahead > 1 and ahead != 59

    def _read_date(self, ticks):
        """One reading of the chip; anchors the count when the second just changed."""
        if self._rtc.lost_power:
            self._invalid(STOPPED)
            return
        stamp = self._rtc.datetime
        if stamp.tm_year < EARLIEST_YEAR:
            self._invalid(TOO_EARLY)
            return
        unix = unix_from_fields(stamp.tm_year, stamp.tm_mon, stamp.tm_mday,
                                stamp.tm_hour, stamp.tm_min, stamp.tm_sec)
        self.reason = None
        previous = self._reading
        changed = (previous is not None and unix != previous
                   and ticks_diff(ticks, self._read_at) <= SYNC_GAP_MS)
        self._reading = unix
        self._read_at = ticks
        if self._locked and not changed:
            counted = self._anchor + ticks_diff(ticks, self._anchor_ticks) // 1000
            if -1 <= unix - counted <= 1:  # a count a read behind, or ticks a hair fast
                return  # in step: keep counting until a read sees the chip's second change
        # The chip's second just changed: count from here, in phase. Otherwise (boot,
        # or the chip disagrees with the count) its reading stands until one does.
        self._anchor = unix
        self._anchor_wrapped = unix % SECOND_WRAP
        self._anchor_minute_second = unix % 60  # to compare with the chip's register
        self._anchor_ticks = ticks
        self._elapsed = 0
        self._valid = True
        self._locked = changed
        if changed:
            self._reading = None  # the next resync starts from a fresh reading

    def _invalid(self, reason):
        self.reason = reason
        self._valid = False
        self._locked = False
        self._reading = None


class NoClock:
    """Stands in when no RTC answers: never a valid time, and says why."""

    def __init__(self, reason):
        self.reason = reason

    def now(self):
        return None

    def second(self):
        return -1

    def set(self, unix):
        raise OSError("no clock chip found (%s): check the DS3231 wiring" % self.reason)
