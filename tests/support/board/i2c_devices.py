"""The token's I2C chips wired to the emulated RP2040, twice: at the I2C block and at the pins.

The DS3231 and SSD1306 register models are the simulator's own. ``I2CBlockBus``
answers the RP2040's I2C controller (rp2040py's ``RPI2C`` callbacks), which carries
every real transfer. CircuitPython on RP2040 cannot send a zero-byte write through
that block, so it probes a device (``adafruit_bus_device`` does on every open) by
bit-banging the two pins; ``PinLevelTarget`` watches those pins and pulls SDA low
in the acknowledge slot of an address a model answers, as the chip would. It also
stands in for the board's pull-up resistors: both lines read high when nobody
drives them low, which is what ``busio.I2C`` checks before it starts.
"""

from rp2040py.gpio_pin import GPIOPinState

BITS_PER_BYTE = 8
ACK_CLOCK = BITS_PER_BYTE + 1
READ_BIT = 0x01


class I2CBlockBus:
    """Routes one RP2040 I2C controller's transactions to register models by address.

    Written bytes are collected and handed to the model as one ``i2c_write`` at a
    (repeated) start, before a read, or at the stop, the framing the models parse.
    """

    def __init__(self, controller, models):
        self._controller = controller
        self._models = {model.address: model for model in models}
        self._target = None
        self._written = bytearray()
        self.transactions = 0  # addresses acknowledged, for tests
        controller.on_start = self._start
        controller.on_connect = self._connect
        controller.on_write_byte = self._write_byte
        controller.on_read_byte = self._read_byte
        controller.on_stop = self._stop

    def _flush(self):
        if self._target is not None and self._written:
            self._target.i2c_write(bytes(self._written))
        self._written = bytearray()

    def _start(self, repeated):
        self._flush()
        self._controller.complete_start()

    def _connect(self, address, mode):
        self._target = self._models.get(address)
        if self._target is not None:
            self.transactions += 1
        self._controller.complete_connect(self._target is not None)

    def _write_byte(self, value):
        self._written.append(value)
        self._controller.complete_write(True)

    def _read_byte(self, ack):
        self._flush()
        self._controller.complete_read(self._target.i2c_read(1)[0])

    def _stop(self):
        self._flush()
        self._target = None
        self._controller.complete_stop()


class PinLevelTarget:
    """An I2C target on two GPIO pins: acknowledges the models' addresses (and bytes
    written to them) when the firmware bit-bangs the bus, and pulls both lines up.

    Bytes written at pin level reach the model at the stop; reads at pin level are
    not answered (the firmware only bit-bangs zero-byte writes).
    """

    def __init__(self, rp2040, sda, scl, models):
        self._sda = rp2040.gpio[sda]
        self._scl = rp2040.gpio[scl]
        self._models = {model.address: model for model in models}
        self._target = None
        self._bits = 0
        self._byte = 0
        self._in_frame = False
        self._written = bytearray()
        self._sda_level = True
        self._scl_level = True
        self.acknowledged = []  # addresses acknowledged at pin level, in order
        for pin in (self._sda, self._scl):
            pin.set_input_value(True)  # the pull-up resistors
        self._sda.add_listener(self._sda_changed)
        self._scl.add_listener(self._scl_changed)

    @staticmethod
    def _level(state):
        # open drain: a line is low only while the firmware drives it low
        return state != GPIOPinState.LOW

    def _sda_changed(self, state, _old):
        level = self._level(state)
        if level == self._sda_level:
            return
        self._sda_level = level
        if not self._scl_level:
            return  # data changing while the clock is low: an ordinary bit
        if not level:  # SDA falls while SCL is high: (repeated) start
            self._finish()
            self._in_frame = True
            self._bits = 0
            self._byte = 0
            self._target = None
        else:  # SDA rises while SCL is high: stop
            self._finish()
            self._in_frame = False

    def _scl_changed(self, state, _old):
        level = self._level(state)
        if level == self._scl_level:
            return
        self._scl_level = level
        if not self._in_frame:
            return
        if level:  # rising edge: the firmware's data bit is valid
            self._bits += 1
            if self._bits <= BITS_PER_BYTE:
                self._byte = (self._byte << 1) | int(self._sda_level)
            return
        # falling edge
        if self._bits == BITS_PER_BYTE:
            self._byte_done()
        elif self._bits == ACK_CLOCK:
            self._sda.set_input_value(True)  # let go of SDA after the acknowledge
            self._bits = 0
            self._byte = 0

    def _byte_done(self):
        value = self._byte
        if self._target is None:
            model = self._models.get(value >> 1)
            if model is None or value & READ_BIT:
                self._in_frame = False  # not ours: no acknowledge, ignore until the next start
                return
            self._target = model
            self.acknowledged.append(model.address)
        else:
            self._written.append(value)
        self._sda.set_input_value(False)  # acknowledge in the ninth clock

    def _finish(self):
        if self._target is not None and self._written:
            self._target.i2c_write(bytes(self._written))
        self._written = bytearray()
        self._target = None
        self._sda.set_input_value(True)
