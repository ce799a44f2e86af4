"""The account on screen: its labels and their scrolling, and its codes, built on demand.

Only this one account is ever decoded into an OTP object. TOTP codes are computed
at a time step's start (the step's code is the previous step's next code, so one
HOTP computation per step); between steps the seconds left are counted down from
``clock.second()`` with small ints, so a redraw computes and allocates nothing.
An HOTP code exists only after the counter that follows it is stored, so a
reboot never shows the same counter value twice.
"""

from totp import screens as scr
from totp.account import HOTP, format_label
from totp.clock import SECOND_WRAP, ticks_diff
from totp.codes import make_otp

SCROLL_PAUSE_MS = 1500  # a long label rests this long at each end
SCROLL_STEP_MS = 300  # then moves one character this often


class Selected:
    """The account at ``slot``; ``otp`` is None until ``load`` (after ``forget``)."""

    def __init__(self, ticks_ms):
        self._ticks_ms = ticks_ms
        self.forget()

    def forget(self):
        """Drop the decoded account: the next use reads it from the store again."""
        self.otp = None
        self.slot = 0
        self.is_hotp = False
        self.period = 30
        self.counter = 0  # HOTP: the counter value the next code uses
        self.position = ""
        self.top = ""  # the whole labels; the screen shows them from ``scroll``
        self.bottom = ""
        self._top_room = 0
        self._bottom_room = 0
        self.code = ""
        self.code_step = -1
        self.seconds_left = 0
        self.next_code = None  # the code of the next step (shown in its last seconds)
        self.hotp_code = None  # the HOTP code asked for on this visit, if any
        self.last_second = -2  # the clock.second() the codes were last updated for
        self.scroll = 0
        self._scroll_limit = 0
        self._scroll_at = self._ticks_ms()

    def load(self, store, slot, count, tall):
        """Decode the account at ``slot`` of ``count``; ``tall``: the name has its own line."""
        account = store.get(slot)
        issuer = account.issuer
        name = account.name
        self.slot = slot
        self.is_hotp = account.kind == HOTP
        self.period = account.period
        self.counter = account.counter
        self.position = "%d/%d" % (slot + 1, count)
        if tall:
            self.top = issuer or name
            self.bottom = name if issuer else ""
        else:
            self.top = format_label(issuer, name)
            self.bottom = ""
        self._top_room = scr.label_chars(self.position)
        self._bottom_room = scr.name_chars()
        self._scroll_limit = max(len(self.top) - self._top_room,
                                 len(self.bottom) - self._bottom_room, 0)
        self.otp = make_otp(account)  # only ever the account on screen

    # -- labels -------------------------------------------------------------

    def advance_scroll(self, ticks):
        """Move a label too long for its line one character on, resting at each end."""
        limit = self._scroll_limit
        if not limit:
            return
        at_end = self.scroll == 0 or self.scroll >= limit
        if ticks_diff(ticks, self._scroll_at) >= (SCROLL_PAUSE_MS if at_end else SCROLL_STEP_MS):
            self.scroll = 0 if self.scroll >= limit else self.scroll + 1
            self._scroll_at = ticks

    # -- codes --------------------------------------------------------------

    def _loaded_otp(self):
        otp = self.otp
        if otp is None:
            raise RuntimeError("no account loaded")  # a bug in the caller, never data
        return otp

    def update_totp(self, clock, second):
        """Bring ``code``, ``code_step``, ``seconds_left`` and ``next_code`` to
        ``second`` (``clock.second()``, valid); reads ``clock.now()`` only at a new step
        or when the count jumped (the clock resynced)."""
        otp = self._loaded_otp()
        if second == self.last_second:
            return  # a redraw for the scrolling label only
        if second == self.last_second + 1 and self.seconds_left > 1:
            self.seconds_left -= 1  # the usual second: small ints only
            self.last_second = second
            return
        now = clock.now()
        if now is None:
            return  # stopped since ``second``: the next step shows why
        period = self.period
        code_step = now // period
        self.seconds_left = period - now % period
        self.last_second = now % SECOND_WRAP
        if code_step != self.code_step:
            next_code = self.next_code
            if next_code is not None and code_step == self.code_step + 1:
                self.code = next_code  # computed at the last step's start
            else:
                self.code = otp.hotp(code_step)
            self.next_code = otp.hotp(code_step + 1)
            self.code_step = code_step

    def code_to_type(self, store, now):
        """The code a type press sends: the current TOTP code, or this visit's HOTP code."""
        otp = self._loaded_otp()
        if not self.is_hotp:
            return otp.totp(now)
        if self.hotp_code is None:
            # durable before the code exists anywhere: a reboot never reuses a counter
            store.set_counter(self.slot, self.counter + 1)
            self.hotp_code = otp.hotp(self.counter)
            self.counter += 1
        return self.hotp_code
