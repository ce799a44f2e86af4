"""``microcontroller.nvm``'s surface over an I2C FRAM chip (adafruit_fram.FRAM_I2C).

The store reads and writes the FRAM through this as it does the flash nvm.
Reads go in chunks, since the driver builds a list of every address it reads;
writes go through the driver, which stores each byte in order as it arrives
(FRAM needs no erase). ``totp.hardware`` builds it when the settings choose
FRAM storage.
"""

CHUNK = 256  # bytes per driver read: keeps its per-read list small


class FramNvm:
    def __init__(self, fram):
        self._fram = fram
        self._size = len(fram)

    def __len__(self):
        return self._size

    def _bounds(self, index):
        # by hand: slice.indices() is an optional feature of MicroPython builds
        if index.step not in (None, 1):
            raise NotImplementedError("only slices with step=1 (aka None) are supported")
        start = 0 if index.start is None else index.start
        stop = self._size if index.stop is None else index.stop
        if start < 0:
            start += self._size
        if stop < 0:
            stop += self._size
        start = min(max(start, 0), self._size)
        return start, min(max(stop, start), self._size)

    def __getitem__(self, index):
        if isinstance(index, int):
            if index < 0:
                index += self._size
            return self._fram[index][0]
        start, stop = self._bounds(index)
        out = bytearray(stop - start)
        pos = start
        while pos < stop:
            end = min(stop, pos + CHUNK)
            out[pos - start:end - start] = self._fram[pos:end]
            pos = end
        return out

    def __setitem__(self, index, value):
        if isinstance(index, int):
            self._fram[index] = value
            return
        start, stop = self._bounds(index)
        if len(value) != stop - start:
            raise ValueError("Slice and value different lengths.")
        if stop > start:
            self._fram[start:stop] = bytes(value)
