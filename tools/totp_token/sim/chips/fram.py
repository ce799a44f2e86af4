"""Model of the MB85RC256V I2C FRAM (32 KB, Adafruit's breakout), for the real adafruit_fram driver.

What the datasheet says the chip does on the bus: memory at 0x50 with a
two-byte address that a write sets and a read continues from (wrapping at the
end); each data byte written is stored at once, in order, with no erase and no
page buffer; the device ID (manufacturer 0x00A, product 0x510) is read through
the reserved address 0xF8 >> 1 after writing the memory address there. Power
cuts are injected like on the flash models: ``arm_power_cut(n)`` lets ``n``
more data bytes be stored, then the write raises ``PowerCut``.
"""

from .i2c_target import I2CTarget
from .power_cut import PowerCut, PowerCutSwitch

ADDRESS = 0x50
ID_ADDRESS = 0xF8 >> 1
SIZE = 0x8000
DEVICE_ID = bytes((0x00, 0xA5, 0x10))  # manufacturer 0x00A, density 0x5, product 0x510
FRESH = 0x00  # what a new chip reads: FRAM has no erased state, it holds what was last written


class FramModel(PowerCutSwitch, I2CTarget):
    address = ADDRESS
    size = SIZE
    port = "fram"

    def __init__(self, data=None):
        self._bytes = bytearray(bytes((FRESH,)) * SIZE)
        self._pointer = 0
        self._cut_in = None
        self.steps = 0  # data bytes stored so far
        self.erases = 0  # FRAM has no erase: stays 0 (for the wear figures)
        if data is not None:
            self.load(data)
        self.id_endpoint = _DeviceId()

    # ---- the I2C target surface (simulated busio) ------------------------

    def i2c_write(self, data):
        if len(data) < 2:
            if data:
                self._pointer = (data[0] << 8) % SIZE
            return
        self._pointer = (data[0] << 8 | data[1]) % SIZE
        for value in data[2:]:
            self._store(value)

    def i2c_read(self, count):
        out = bytearray()
        while len(out) < count:  # reads wrap from the last address to the first
            take = min(count - len(out), SIZE - self._pointer)
            out += self._bytes[self._pointer:self._pointer + take]
            self._pointer = (self._pointer + take) % SIZE
        return bytes(out)

    def _store(self, value):
        if self._cut_in is not None:
            if self._cut_in == 0:
                self._cut_in = None
                raise PowerCut("power cut after %d FRAM bytes" % self.steps)
            self._cut_in -= 1
        self._bytes[self._pointer] = value
        self._pointer = (self._pointer + 1) % SIZE
        self.steps += 1

    # ---- state (fault injection: PowerCutSwitch) ---------------------------

    def load(self, raw):
        if len(raw) != SIZE:
            raise ValueError("FRAM image must be %d bytes, not %d" % (SIZE, len(raw)))
        self._bytes[:] = raw

    def dump(self):
        return bytes(self._bytes)


class _DeviceId(I2CTarget):
    """The reserved 0xF8 address: write the memory's address byte, read three ID bytes."""

    address = ID_ADDRESS

    def i2c_write(self, data):
        pass

    def i2c_read(self, count):
        return (DEVICE_ID * (count // 3 + 1))[:count]
