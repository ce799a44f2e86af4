"""A byte-writable nvm (a bytearray) that can lose power after any byte it stores.

Faster than the FRAM model behind the driver, for cut tests on large stores;
``reverse=True`` stores the bytes of each write last to first, to show a layout
does not depend on FRAM's address order.
"""

from totp_token.sim.chips.nvm import PowerCut


class CutNvm:
    def __init__(self, image, reverse=False):
        self.data = bytearray(image)
        self.reverse = reverse
        self.steps = 0  # bytes stored so far
        self._cut_in = None

    def arm_power_cut(self, steps):
        self._cut_in = steps

    def __len__(self):
        return len(self.data)

    def __getitem__(self, index):
        return self.data[index]

    def __setitem__(self, index, value):
        start, stop, _ = index.indices(len(self.data))
        if len(value) != stop - start:
            raise ValueError("Slice and value different lengths.")
        order = range(stop - 1, start - 1, -1) if self.reverse else range(start, stop)
        for pos in order:
            if self._cut_in is not None:
                if self._cut_in == 0:
                    self._cut_in = None
                    raise PowerCut("power cut after %d bytes" % self.steps)
                self._cut_in -= 1
            self.data[pos] = value[pos - start]
            self.steps += 1
