"""The PIN lock on the token: entry on the wheel, the check in slices, and locking again.

``Lock(store, ticks_ms, lock_ms, usb_connected)`` sits between the buttons and the
store's vault (``store.has_pin``, ``locked``, ``start_unlock(pin)``, ``lock()``,
``pin_tries_left()``). While the store is locked, or while a host's request waits
for the current PIN (``begin_request()``), button actions go to ``handle()``: they
turn the ``totp.pin_entry`` wheel, and OK starts the store's ``Unlocking`` job,
which ``step()`` runs one KDF slice per app step, so the loop never blocks. The
store counts the try durably before it checks it; after ``wire.MAX_PIN_TRIES``
wrong ones in a row it wipes itself, and ``step()`` says so.

``watch()`` locks the store again after ``lock_ms`` without use (a press, or a
request waiting for one) and when USB power goes. Nothing here holds the PIN
longer than the entry needs: ``PinEntry.take()`` hands it to the store and clears
the wheel's digits.
"""

from totp import buttons as btn
from totp import pin_entry as pe
from totp import screens as scr
from totp import wire
from totp.clock import ticks_diff

SHOWING_PIN = 5  # App._showing while the lock draws (after totp.app's SHOWING_*)

# what step() reports
QUIET = 0  # nothing finished
UNLOCKED = 1  # the right PIN: the store is open (or a waiting request may go ahead)
WRONG = 2  # a wrong PIN; tries are left
WIPED = 3  # the last try was wrong: the store wiped itself
REFUSED = 4  # handle(): OK with no digit while a request waits: the owner says no

# how each button count turns the PIN wheel and picks from it (totp.pin_entry)
PIN_HINTS = {3: "A C: turn  B: pick", 2: "A: turn  B: pick", 1: "tap: turn hold: pick"}
# the PIN screen's title: unlocking, or the current PIN for a host's request
PIN_TITLES = {"set_pin": "PIN to change it", "remove_pin": "PIN to remove it"}


def pin_lines(action, masked, choice, tries_left, buttons, seconds=None):
    """The PIN entry screen: what the PIN is for (``action``: None to unlock, or the
    waiting request's), the digits so far masked, the wheel's choice, the tries left
    when some were wrong, how to turn and pick, and ``seconds`` left for a request."""
    title = PIN_TITLES.get(action, "Enter PIN")
    right = ""
    if seconds is not None:
        right = "%ds" % seconds
    elif tries_left is not None:
        right = "%d left" % tries_left
    gap = scr.COLUMNS - len(title) - len(right)
    return [title + " " * max(gap, 1) + right, masked + "[" + choice + "]",
            PIN_HINTS.get(buttons, PIN_HINTS[1]),
            "OK alone: no" if action in PIN_TITLES else "< deletes, OK ends"]


WIPED_LINES = ("Token wiped", "too many wrong PINs:", "every account is", "erased")


def checking_lines(tries_left):
    """While the PIN is checked (about a second): nothing to press."""
    return ["Checking the PIN", "one moment", "", "%d tries left" % tries_left
            if tries_left is not None else ""]


def wrong_pin_lines(tries_left):
    return ["Wrong PIN", "%d tr%s left before" % (tries_left, "y" if tries_left == 1
                                                   else "ies"), "the token erases",
            "every account"]


def attach(app):
    """Put a lock on ``app``: its step, button and drawing methods go through the lock
    first (instance attributes over the methods, so the app carries no PIN code)."""
    lock = app.lock = Lock(app)
    step, handle, render = app._step, app._handle, app._render

    def locked_step():
        step()
        lock.follow(app, app._ticks_ms())  # a PIN check's slice, and locking again

    def locked_handle(action, ticks):
        if not lock.on_action(app, action, ticks):
            handle(action, ticks)

    def locked_render(screen, ticks):
        if not lock.draw(app, screen, app._asked, ticks):
            render(screen, ticks)

    app._step = locked_step
    app._handle = locked_handle
    app._render = locked_render
    return lock


class Lock:

    def __init__(self, app):
        """The lock over the app's store, with its settings and devices."""
        self.store = app.store
        self._ticks_ms = ticks_ms = app._ticks_ms
        self._usb_connected = usb_connected = app.devices.usb_connected
        self.lock_ms = app.settings.lock_minutes * 60000
        self.entry = pe.PinEntry()
        self.job = None  # the store's Unlocking job while a PIN is being checked
        self.for_request = False  # the entry answers a host's waiting request
        self.wrong = False  # the last PIN was wrong (the screen says so until the next turn)
        self.wiped = False  # too many wrong PINs wiped the store: said until a press
        self.version = 0  # changes whenever the PIN screen would look different
        self._drawn_version = -1  # what draw() last put on screen
        self._drawn_seconds = -1
        self._last_use = ticks_ms()
        self._usb_was = bool(usb_connected())
        self._asked = None  # the app's waiting request last seen

    # -- state ------------------------------------------------------------

    def has_pin(self):
        return self.store.has_pin

    def locked(self):
        return self.store.locked

    def entering(self):
        """True while the screen shows the PIN entry and the buttons drive its wheel."""
        return self.locked() or self.for_request

    def tries_left(self):
        """Tries left before the wipe, or None while none was wrong (nothing to warn of)."""
        if not self.has_pin():
            return None
        left = self.store.pin_tries_left()
        return left if left < wire.MAX_PIN_TRIES else None

    # -- the host's request for the current PIN --------------------------------

    def begin_request(self):
        self.for_request = True
        self._restart()

    def end_request(self):
        """The request was answered or ran out: forget the entry and any check under way."""
        self.for_request = False
        self._restart()

    def _restart(self):
        self.entry.clear()
        self.job = None
        self.wrong = False
        self.version += 1

    # -- each app step ----------------------------------------------------------

    def used(self, ticks):
        """A press or a request that waits for one: the idle time starts again."""
        self._last_use = ticks

    def watch(self, ticks):
        """Lock the store after ``lock_ms`` unused, and when USB power goes; True if it
        locked now."""
        connected = bool(self._usb_connected())
        unplugged = self._usb_was and not connected
        self._usb_was = connected
        if not self.has_pin() or self.locked():
            return False
        if unplugged or ticks_diff(ticks, self._last_use) >= self.lock_ms:
            self.store.lock()
            self._restart()
            return True
        return False

    def handle(self, action):
        """A button action while ``entering()``: QUIET, or REFUSED when the owner picked
        OK without a digit while a host's request waits for the PIN."""
        if self.job is not None:
            return QUIET  # a check is under way: presses wait for its answer
        result = self.entry.handle(action)
        if result == pe.EMPTY_OK and self.for_request:
            return REFUSED
        if result == pe.IGNORED or result == pe.EMPTY_OK:
            return QUIET
        self.wrong = False
        if result == pe.DONE:
            self.job = self.store.start_unlock(self.entry.take())  # counts the try first
        self.version += 1
        return QUIET

    def checking(self):
        return self.job is not None

    def lines(self, action, seconds, buttons):
        """The screen: the check under way, a wrong PIN, or the wheel (``action``: the
        waiting request's, or None to unlock; ``seconds`` it has left, or None)."""
        tries = self.tries_left()
        if self.job is not None:
            return checking_lines(tries)
        if self.wrong and tries is not None:
            return wrong_pin_lines(tries)
        entry = self.entry
        return pin_lines(action, entry.masked(), entry.choice_text(), tries, buttons,
                             seconds)

    def step(self):
        """One slice of the check under way: QUIET, UNLOCKED, WRONG or WIPED."""
        job = self.job
        if job is None:
            return QUIET
        result = job.step()
        if result is None:
            return QUIET
        self.job = None
        self.version += 1
        if result:
            self.wrong = False
            self._last_use = self._ticks_ms()
            return UNLOCKED
        if not self.has_pin():
            self.wrong = False
            return WIPED
        self.wrong = True
        return WRONG

    # -- the app's side: each step's result, and the screen --------------------

    def follow(self, app, ticks):
        """One slice of a PIN check and what it found (a waiting request is answered);
        locking again when idle or unplugged."""
        asked = app._asked
        if asked is not self._asked:
            self._asked = asked
            self.on_request(asked)
        result = self.step()
        server = app.server
        if asked is not None and server is not None and getattr(asked, "needs_pin", False) \
                and result != QUIET:
            server.resolve(result == UNLOCKED, True)
        if result == UNLOCKED or result == WIPED:
            app._reload = True
            self.wiped = result == WIPED
        if result != QUIET:
            app._forget_account()  # redraws
            app._follow_request(ticks)
        if self.watch(ticks):
            app._forget_account()
            if app._asked is not None and server is not None:
                server.resolve(False)
                app._follow_request(ticks)

    def on_request(self, pending):
        """The server's waiting request changed to ``pending`` (or None)."""
        if self.for_request:
            self.end_request()
        if pending is not None and getattr(pending, "needs_pin", False):
            self.begin_request()

    def on_action(self, app, action, ticks):
        """A button action; True when the lock took it (the wheel, or the wipe notice)."""
        if action == btn.NOTHING:
            return False
        self.used(ticks)
        if action == btn.PRESSED:
            return False  # wakes the screen as usual
        if self.wiped:
            self.wiped = False  # seen
            app._forget_account()  # redraws
            return True
        if not self.entering():
            return False
        server = app.server
        if self.handle(action) == REFUSED and server is not None:
            server.resolve(False)
            app._follow_request(ticks)
        return True

    def draw(self, app, screen, asked, ticks):
        """The wipe notice or the PIN screen, redrawn only when it changed; False when
        neither is what the screen shows now."""
        if not self.wiped and not self.entering():
            return False
        seconds = asked.seconds_left(ticks) if asked is not None else -1
        if (app._showing == SHOWING_PIN and self._drawn_version == self.version
                and self._drawn_seconds == seconds):
            return True
        app._part = scr.PART_DISPLAY
        screen.message(WIPED_LINES if self.wiped else
                       self.lines(asked.action if asked is not None else None,
                                  seconds if asked is not None else None,
                                  len(app.devices.buttons) or 1))
        app._showing = SHOWING_PIN
        self._drawn_version = self.version
        self._drawn_seconds = seconds
        return True
