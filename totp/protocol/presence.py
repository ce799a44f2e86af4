"""The owner's press: the one request waiting for it, and the accounts `verify` may check.

A request that gives out a code or changes what is stored (other than adding a new
account) is not carried out when it arrives: ``totp.protocol.server.Server`` answers
"waiting for a press" and keeps it here as the ``Pending`` request. The app shows it
and resolves it when the owner presses (the type button: yes; another button: no),
or the window runs out. Only one request waits at a time.

``RecentAdds`` remembers the slots added in the last ``wire.VERIFY_WINDOW_S`` seconds
and how many `verify` tries each has left, so `verify` cannot be used to test
guesses against an account stored earlier. Portable; times are ``ticks_ms`` values.
"""

from totp import wire
from totp.clock import ticks_diff

# what a waiting request does (the `action` of the interim answer; the screen's title)
ACTION_CODE = "code"
ACTION_DELETE = "delete"
ACTION_RENAME = "rename"
ACTION_MOVE = "move"
ACTION_WIPE = "wipe"
ACTION_REPLACE = "replace"
ACTION_COMPACT = "compact"
ACTION_SET_PIN = "set_pin"
ACTION_REMOVE_PIN = "remove_pin"
ACTION_MAINTENANCE = "maintenance"

RECENT_MAX = 8  # slots remembered for `verify`; the oldest is forgotten first


class Pending:
    """One request waiting for the press: ``do(*args)`` carries it out."""

    def __init__(self, request_id, action, label, do, args, started_ms, needs_pin=False):
        self.request_id = request_id
        # answered by the current PIN on the wheel (totp.lock) instead of a press
        self.needs_pin = needs_pin
        self.window_s = wire.PIN_WINDOW_S if needs_pin else wire.PRESS_WINDOW_S
        self.action = action
        self.label = label  # the account's issuer:name (or what a wipe erases), for the screen
        self.do = do
        self.args = args
        self.started_ms = started_ms

    def seconds_left(self, now_ms):
        """Whole seconds until the window closes (0 once it has)."""
        left = self.window_s * 1000 - ticks_diff(now_ms, self.started_ms)
        return (left + 999) // 1000 if left > 0 else 0


class RecentAdd:
    """One slot added lately: when, and how many `verify` tries it has left."""

    def __init__(self, slot, added_ms):
        self.slot = slot
        self.added_ms = added_ms
        self.tries_left = wire.VERIFY_TRIES


class RecentAdds:
    """Slots added within ``wire.VERIFY_WINDOW_S``, with their `verify` tries left."""

    def __init__(self):
        self._entries = []  # RecentAdd, oldest first

    def added(self, slot, now_ms):
        self.forget(slot)
        if len(self._entries) >= RECENT_MAX:
            self._entries.pop(0)
        self._entries.append(RecentAdd(slot, now_ms))

    def forget(self, slot=None):
        """Forget ``slot``, or every slot (slots were renumbered or erased)."""
        if slot is None:
            self._entries = []
            return
        self._entries = [entry for entry in self._entries if entry.slot != slot]

    def take_try(self, slot, now_ms):
        """Use up one try for ``slot``; False when it was not added recently or has none left."""
        for entry in self._entries:
            if entry.slot != slot:
                continue
            if (ticks_diff(now_ms, entry.added_ms) > wire.VERIFY_WINDOW_S * 1000
                    or entry.tries_left <= 0):
                self.forget(slot)
                return False
            entry.tries_left -= 1
            return True
        return False
