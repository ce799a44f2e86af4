"""Register-level model of the DS3231 real-time clock (I2C 0x68), driven by simulated time.

Only what the datasheet says the chip does through its registers: BCD time/date with
the century bit, alarms stored, control/status (EOSC, CONV that self-clears, OSF),
aging offset and temperature. The time registers are computed from simulated time
on each read, so the clock runs while nothing talks to it.
"""

import calendar
import time

from .i2c_target import I2CTarget

ADDRESS = 0x68
REGISTER_COUNT = 0x13
REG_SECONDS = 0x00
REG_MINUTES = 0x01
REG_HOURS = 0x02
REG_DAY = 0x03  # day of the week, 1-7
REG_DATE = 0x04
REG_MONTH = 0x05  # bit 7: the century
REG_YEAR = 0x06
REG_CONTROL = 0x0E
REG_STATUS = 0x0F
REG_AGING = 0x10
REG_TEMP_MSB = 0x11
REG_TEMP_LSB = 0x12

HOURS_12 = 0x40  # in REG_HOURS: 12-hour mode; then PM is HOURS_PM
HOURS_PM = 0x20
MONTH_CENTURY = 0x80

CONTROL_EOSC = 0x80
CONTROL_CONV = 0x20
CONTROL_POWER_ON = 0x1C  # INTCN, RS2, RS1 set at power-on
STATUS_OSF = 0x80
STATUS_EN32KHZ = 0x08
STATUS_BSY = 0x04

EPOCH_2000 = 946684800  # the chip's power-on date, 2000-01-01 00:00:00
NS = 1_000_000_000
# a forced conversion (CONV) finishes after this many further reads of the control register
CONVERSION_READS = 2


def _bcd(value):
    return (value // 10) << 4 | (value % 10)


def _unbcd(value):
    return (value >> 4) * 10 + (value & 0x0F)


class DS3231Model(I2CTarget):
    address = ADDRESS

    def __init__(self, clock, temperature_c=25.25):
        self._clock = clock
        self.temperature_c = temperature_c
        self.registers = bytearray(REGISTER_COUNT)
        self._pointer = 0
        self._base_seconds = EPOCH_2000   # chip time at _base_ns (whole seconds)
        self._base_ns = clock.now_ns()
        self._conversion_reads_left = 0
        self.writes = 0  # counts every change made through the bus or the controls
        self.power_loss()

    # -- host-side controls (the simulator, not the I2C bus) --------------------------

    def power_loss(self):
        """The coin cell died while unpowered: registers reset, OSF set, time from 2000."""
        self.writes += 1
        self.registers[:] = bytes(REGISTER_COUNT)
        self.registers[REG_CONTROL] = CONTROL_POWER_ON
        self.registers[REG_STATUS] = STATUS_OSF | STATUS_EN32KHZ
        self._set_seconds(EPOCH_2000)
        self._store_temperature()

    def set_unix(self, unix_seconds):
        """Set the time as a freshly set clock: oscillator on, OSF cleared."""
        self.writes += 1
        self._set_seconds(int(unix_seconds))
        self.registers[REG_CONTROL] &= ~CONTROL_EOSC & 0xFF
        self.registers[REG_STATUS] &= ~STATUS_OSF & 0xFF

    def unix(self):
        """Seconds since 1970 the chip's time registers hold now."""
        elapsed = (self._clock.now_ns() - self._base_ns) // NS
        return self._base_seconds + elapsed

    @property
    def lost_power(self):
        return bool(self.registers[REG_STATUS] & STATUS_OSF)

    def snapshot(self):
        """Plain data for the state file."""
        return {"unix": self.unix(), "registers": self.registers.hex()}

    def restore(self, data, seconds_passed=0):
        self.registers[:] = bytes.fromhex(data["registers"])
        self._set_seconds(int(data["unix"]) + max(0, int(seconds_passed)))

    # -- I2C target -------------------------------------------------------------------

    def i2c_write(self, data):
        if not data:
            return
        self._pointer = data[0] % REGISTER_COUNT
        payload = data[1:]
        if not payload:
            return
        self.writes += 1
        self._sync_time_registers()
        touched_time = False
        for value in payload:
            reg = self._pointer
            if reg == REG_STATUS:
                # OSF, A2F, A1F can only be cleared (write 0); EN32kHz is plain; BSY read-only
                old = self.registers[reg]
                self.registers[reg] = ((old & value & 0x83) | (value & STATUS_EN32KHZ)
                                       | (old & STATUS_BSY))
            elif reg in (REG_TEMP_MSB, REG_TEMP_LSB):
                pass  # read-only
            else:
                self.registers[reg] = value
                if reg <= REG_YEAR:
                    touched_time = True
                if reg == REG_CONTROL and value & CONTROL_CONV:
                    self._conversion_reads_left = CONVERSION_READS
            self._pointer = (self._pointer + 1) % REGISTER_COUNT
        if touched_time:
            self._set_seconds(self._decode_time_registers(), keep_registers=True)

    def i2c_read(self, count):
        self._sync_time_registers()
        out = bytearray()
        for _ in range(count):
            reg = self._pointer
            if reg == REG_CONTROL and self._conversion_reads_left:
                self._conversion_reads_left -= 1
                if not self._conversion_reads_left:
                    self.registers[REG_CONTROL] &= ~CONTROL_CONV & 0xFF
                    self._store_temperature()
            out.append(self.registers[reg])
            self._pointer = (self._pointer + 1) % REGISTER_COUNT
        return bytes(out)

    # -- internals --------------------------------------------------------------------

    def _set_seconds(self, unix_seconds, keep_registers=False):
        # writing the seconds register restarts the countdown chain: whole second now
        self._base_seconds = unix_seconds
        self._base_ns = self._clock.now_ns()
        if not keep_registers:
            self._sync_time_registers()

    def _sync_time_registers(self):
        tm = time.gmtime(self.unix())
        year = tm.tm_year - 2000
        century = MONTH_CENTURY if year >= 100 else 0
        regs = self.registers
        regs[REG_SECONDS] = _bcd(tm.tm_sec)
        regs[REG_MINUTES] = _bcd(tm.tm_min)
        regs[REG_HOURS] = _bcd(tm.tm_hour)  # 24-hour mode
        regs[REG_DAY] = tm.tm_wday + 1
        regs[REG_DATE] = _bcd(tm.tm_mday)
        regs[REG_MONTH] = century | _bcd(tm.tm_mon)
        regs[REG_YEAR] = _bcd(year % 100)

    def _decode_time_registers(self):
        regs = self.registers
        hours = regs[REG_HOURS]
        if hours & HOURS_12:
            hour = _unbcd(hours & 0x1F) % 12 + (12 if hours & HOURS_PM else 0)
        else:
            hour = _unbcd(hours & 0x3F)
        year = 2000 + _unbcd(regs[REG_YEAR]) + (100 if regs[REG_MONTH] & MONTH_CENTURY else 0)
        month = max(1, min(12, _unbcd(regs[REG_MONTH] & 0x1F)))
        day = max(1, min(31, _unbcd(regs[REG_DATE] & 0x3F)))
        return calendar.timegm((year, month, day, hour, _unbcd(regs[REG_MINUTES] & 0x7F),
                                _unbcd(regs[REG_SECONDS] & 0x7F), 0, 0, 0))

    def _store_temperature(self):
        quarters = int(round(self.temperature_c * 4)) & 0x3FF
        self.registers[REG_TEMP_MSB] = quarters >> 2
        self.registers[REG_TEMP_LSB] = (quarters & 0x03) << 6
