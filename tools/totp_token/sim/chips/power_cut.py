"""Power cuts in the middle of a write, for every simulated storage chip (flash nvm, FRAM).

A test arms a cut ``n`` write steps ahead; the model then stops the write it is in
exactly as the chip would be left and raises ``PowerCut``.
"""


class PowerCut(BaseException):
    """Power failed in the middle of a write (BaseException: firmware must not catch it)."""


class PowerCutSwitch:
    """The fault-injection switch every simulated storage chip shares: ``_cut_in`` counts
    the write steps left before the power goes (None: no cut armed)."""

    _cut_in = None

    def arm_power_cut(self, steps):
        """Lose power after ``steps`` more write steps (0: before the next one)."""
        if steps < 0:
            raise ValueError("steps must be 0 or more")
        self._cut_in = steps

    def disarm(self):
        self._cut_in = None
