"""The one surface an I2C chip model offers the bus: its address, a write, a read.

Both buses that carry the models speak only this: the simulated ``busio.I2C`` (one call
per transaction half) and the board tier's pin-level bus in ``tests/support/board/``
(which gathers a transaction's bytes first). Neither looks at anything else on a model.
"""


class I2CTarget:
    """Base class of the I2C chip models (DS3231, SSD1306, FRAM and its ID endpoint)."""

    address: int | None = None
    """The 7-bit address the chip answers on (an absent address is a NACK: ENODEV)."""

    def i2c_write(self, data: bytes) -> None:
        """Take the bytes of one write transaction, after the address, in order.

        ``data`` is ``bytes`` and may be empty (a bare address probe). Register chips
        read the first byte as the register pointer; what follows is stored from there.
        """
        raise NotImplementedError

    def i2c_read(self, count: int) -> bytes:
        """Return ``count`` bytes (``count`` >= 1) for one read transaction.

        A read continues from where the last write left the chip's pointer, as a
        write-then-read (repeated start) does on the real bus.
        """
        raise NotImplementedError
