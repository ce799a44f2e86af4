"""A wear budget: how many flash erases changes may cost, refilled with time.

Flash wears out after a rated number of erase cycles per erase unit. Changes
the owner makes with a press (HOTP codes) are limited by hand; everything
else a host can ask for (adds, renames, moves, deletes, compaction) draws on
this budget, so no program on the computer can wear the flash out however
fast it sends requests. A full budget lets a user load a whole collection of
accounts at once; after that erases come back at the port's refill rate,
chosen so that a host sending changes flat out for ten years stays within the
rated cycles (the figures are in docs/storage.md).
"""

from totp.store.errors import StoreBusy

BURST = 120  # erases a full budget allows at once
TICKS_PERIOD = 1 << 29  # supervisor.ticks_ms() wraps at this many milliseconds
# port -> milliseconds for one erase to come back
REFILL_MS = {"rp2040": 3200000, "rp2350": 3200000,  # 100,000 cycles of one sector
             "nrf52840": 16000000,  # 10,000 cycles each of two pages
             "esp32": 3200000, "esp32s2": 3200000, "esp32s3": 3200000,
             "fram": 0}  # FRAM: 10^12 writes per byte, no erase: no limit needed


class WearBudget:
    def __init__(self, port, ticks_ms):
        self._refill = REFILL_MS.get(port, 0)
        self._ticks_ms = ticks_ms
        self._credit = BURST
        self._last = ticks_ms()
        self._carry = 0  # milliseconds towards the next erase

    def _update(self):
        now = self._ticks_ms()
        self._carry += (now - self._last) % TICKS_PERIOD
        self._last = now
        gained = self._carry // self._refill
        if gained:
            self._carry -= gained * self._refill
            self._credit = min(BURST, self._credit + gained)
        if self._credit == BURST:
            self._carry = 0

    def take(self, erases):
        """Spend ``erases`` or raise StoreBusy saying how long to wait."""
        if not erases or not self._refill:
            return
        self._update()
        if self._credit < erases:
            wait = (erases - self._credit) * self._refill - self._carry
            raise StoreBusy("too many changes in a short time: to keep the flash from wearing "
                            "out the token takes more in %d minutes" % (wait // 60000 + 1))
        self._credit -= erases
