"""The token's app: one ``step()`` per loop turn, never sleeping, never blocking.

A step answers the serial port, turns button presses into actions, advances
typing by one report, puts the screen to sleep when idle, and redraws only
when what is on screen changed (in steady state: once a second). Steady state
allocates nothing but a code per time step and the clock's rare resyncs
(``tests/test_firmware_alloc_micropython.py`` holds it to that budget). Codes
are computed only for the account on screen (``totp.selected``) and only from a
valid clock and undamaged storage. Any exception shows a short error screen
naming the part that was in use (``_part``) and the fix, never the exception's
text, which could hold data; the token keeps running.
"""

from totp import buttons as btn
from totp import keyboard as kbd
from totp import screens as scr
from totp.clock import NoClock, ticks_diff
from totp.const import const
from totp.selected import Selected

STEP_SLEEP_S = 0.02  # between steps when nothing is going on
BUSY_SLEEP_S = 0.005  # while typing or a button is held
ERROR_HOLD_MS = 3000  # an error screen stays at least this long
NOTICE_MS = 3000  # "USB not connected" and similar notices

# what is on screen (App._showing)
SHOWING_NOTHING = const(0)
SHOWING_CODE = const(1)
SHOWING_HOTP = const(2)
SHOWING_MESSAGE = const(3)
SHOWING_PRESS = const(4)


def refuse_hint(count):
    """How the presence screen names the buttons that refuse: e.g. 'A or C', or 'tap A'."""
    names = []
    for name, short_action, long_action in btn.LAYOUTS[count]:
        if short_action != btn.TYPE:
            names.append("tap " + name if long_action == btn.TYPE else name)
    return " or ".join(names)


class App:
    lock = None  # totp.lock.Lock once the store has a PIN (it then wraps a few methods)

    def __init__(self, devices, store=None):
        self.devices = devices
        settings = devices.settings
        self.settings = settings
        self._ticks_ms = devices.ticks_ms
        self.clock = devices.clock if devices.clock is not None else NoClock("no clock")
        self.store = store if store is not None else self._open_store()
        self.screen = scr.Screen(devices.display) if devices.display is not None else None
        self.buttons = None
        if devices.keys is not None and devices.buttons:
            self.buttons = btn.Buttons(devices.keys, len(devices.buttons), self._ticks_ms,
                                       settings.long_press_ms)
        self._type_hint = scr.type_hint(btn.type_button(len(devices.buttons) or 1))
        self._yes_hint = btn.type_button(len(devices.buttons) or 1)
        self._no_hint = refuse_hint(len(devices.buttons) or 1)
        self.require_press = settings.require_press  # for codes; changes always need it
        self._asked = None  # the server's pending request shown on screen, if any

        def keyboard():
            return devices.keyboard

        self.typist = kbd.Typist(keyboard, devices.usb_connected, self._ticks_ms,
                                 settings.type_mode, settings.usb_timeout_s * 1000)
        self.server = None
        if devices.serial is not None and self.store is not None:
            self.server = self._open_server()
        now = self._ticks_ms()
        self._last_input = now
        self._asleep = False
        self._notice = 0  # scr.MSG_NO_USB / scr.MSG_ERROR while shown, else 0
        self._notice_until = now
        self._error_name = ""
        self._part = scr.PART_UNKNOWN  # what the step is using now, named if it fails
        self._error_part = scr.PART_UNKNOWN
        # what was last drawn, so a step redraws only what changed; each field means
        # something only while ``_showing`` is the screen that sets it
        self._showing = SHOWING_NOTHING
        self._drawn_step = -1  # SHOWING_CODE: the time step whose code is on screen
        self._drawn_seconds = -1  # SHOWING_CODE, SHOWING_PRESS: the seconds left shown
        self._drawn_scroll = -1  # SHOWING_CODE, SHOWING_HOTP: the label's scroll position
        self._drawn_hotp = False  # SHOWING_HOTP: whether a code is on screen
        self._drawn_message = 0  # SHOWING_MESSAGE: the scr.MSG_* shown
        self._count = 0
        self._slot = 0
        self._reload = True
        self.selected = Selected(self._ticks_ms)
        self._forget_account()
        if self.store is not None and self.store.has_pin:
            from totp.lock import attach  # only now: no heap for it on a token without a PIN

            attach(self)

    # -- the protocol server's context -------------------------------------------

    def info(self):
        devices = self.devices
        result = {"board": devices.board_id, "serial": devices.uid,
                  "missing": list(devices.missing),
                  "warnings": list(devices.warnings)}
        unsupported = getattr(devices, "unsupported", None)
        result["board_supported"] = not unsupported
        if unsupported:
            result["board_problem"] = unsupported
        if self.settings.name:
            result["name"] = self.settings.name
        return result

    def changed(self):
        self._reload = True

    def press_button(self):
        """The button that says yes to a waiting request, or None without buttons."""
        return self._yes_hint if self.buttons is not None else None

    # -- the loop ---------------------------------------------------------

    def idle_seconds(self):
        if self.typist.busy() or (self.buttons is not None and self.buttons.held()):
            return BUSY_SLEEP_S
        return STEP_SLEEP_S

    def step(self):
        try:
            self._step()
        except Exception as error:  # the token must keep running, whatever broke
            self._failed(error)

    def _step(self):
        ticks = self._ticks_ms()
        if self.server is not None:
            self._part = scr.PART_DATA
            self.server.poll(self.devices.serial)
            self._follow_request(ticks)
        if self._reload:
            self._part = scr.PART_STORAGE
            self._load_accounts()
        if self.buttons is not None:
            self._part = scr.PART_BUTTONS
            self._handle(self.buttons.poll(), ticks)
        self._part = scr.PART_KEYBOARD
        result = self.typist.step()
        if result == kbd.NO_USB:
            self._show_notice(scr.MSG_NO_USB, ticks)
        screen = self.screen
        if screen is None or self._asleep:
            self._part = scr.PART_CLOCK
            self.clock.second()  # keeps the clock's tick count short and the stop flag checked
            return
        idle_ms = self.settings.idle_seconds * 1000
        if idle_ms and not self.typist.busy() and self._asked is None \
                and ticks_diff(ticks, self._last_input) >= idle_ms:
            self._asleep = True
            self._showing = SHOWING_NOTHING
            self._part = scr.PART_DISPLAY
            screen.off()
            return
        self._render(screen, ticks)

    def _follow_request(self, ticks):
        """Show a request that began waiting for the press; stop when it was answered."""
        server = self.server
        pending = server.pending if server is not None else None
        if pending is self._asked:
            return
        self._asked = pending
        self._showing = SHOWING_NOTHING
        if pending is None:
            return
        self._last_input = ticks
        if self.buttons is not None:
            self.buttons.cancel()  # a press begun before the question cannot answer it
        if self._asleep and self.screen is not None:
            self._asleep = False
            self.screen.on()

    def _failed(self, error):
        name = type(error).__name__
        part = self._part
        if (self._notice != scr.MSG_ERROR or name != self._error_name
                or part != self._error_part):  # once, not every step
            print("totp: %s in the main loop (part %d); still running" % (name, part))
        self._error_name = name
        self._error_part = part
        self._forget_account()
        self._reload = True
        try:
            if self.typist.busy():
                self.typist.state = kbd.IDLE
            self._show_notice(scr.MSG_ERROR, self._ticks_ms())
            if self.screen is not None and not self._asleep:
                self._render(self.screen, self._ticks_ms())
        except Exception:  # the error screen itself failed: the next step tries again
            self._showing = SHOWING_NOTHING

    # -- accounts ---------------------------------------------------------

    def _open_server(self):
        """The serial protocol server; without it the token still shows and types codes."""
        try:
            from totp.protocol.server import Server
        except ImportError as error:
            self.devices.missing.append("serial protocol: %s" % (error,))
            return None
        return Server(self, self._ticks_ms)

    def _open_store(self):
        if self.devices.nvm is None:
            return None
        from totp.store import Store

        unsupported = getattr(self.devices, "unsupported", None)
        if unsupported:  # a store over no bytes at all: the board's nvm is never touched
            store = Store(bytearray(0))
            store.problem = unsupported
            return store
        try:
            store = Store(self.devices.nvm, port=self.devices.port, ticks_ms=self._ticks_ms)
        except ValueError as error:  # StoreError and a bad port; the message holds no secret
            self.devices.missing.append("storage: %s" % (error,))
            return None
        store.may_compact = self.devices.usb_connected  # a cut then would lose the accounts
        store.before_compact = self._compacting
        return store

    def _compacting(self):
        """Say on the screen that storage is being compacted, before it starts."""
        if self.screen is not None:
            self._show_notice(scr.MSG_COMPACTING, self._ticks_ms())
            self._message(self.screen, scr.MSG_COMPACTING)

    def _load_accounts(self):
        self._reload = False
        self._count = len(self.store) if self.store is not None else 0
        if self._slot >= self._count:
            self._slot = max(0, self._count - 1)
        self._forget_account()

    def _forget_account(self):
        self.selected.forget()
        self._showing = SHOWING_NOTHING

    def _account_on_screen(self):
        """The account on screen, decoded from the store when first needed."""
        selected = self.selected
        if selected.otp is None:
            tall = self.screen is not None and self.screen.layout.name_y >= 0
            selected.load(self.store, self._slot, self._count, tall)
        return selected

    def _blocked(self):
        """The message that replaces codes, or 0 when codes may be shown and typed.

        Only ``store.problem`` blocks; ``store.notice`` is damage already survived,
        with the accounts intact (the host reports it).
        """
        if getattr(self.devices, "unsupported", None):
            return scr.MSG_UNSUPPORTED
        if self.store is None:
            return scr.MSG_NO_STORE
        if self.store.problem is not None:
            return scr.MSG_STORAGE
        if self.clock.second() < 0:
            return scr.MSG_CLOCK
        if not self._count:
            return scr.MSG_EMPTY
        return 0

    # -- buttons ----------------------------------------------------------

    def _handle(self, action, ticks):
        if action == btn.NOTHING:
            return
        self._last_input = ticks
        server = self.server
        if self._asked is not None and server is not None:
            if action == btn.TYPE or action == btn.TYPE_ENTER:
                server.resolve(True)
            elif action != btn.PRESSED:
                server.resolve(False)
            self._follow_request(ticks)
            return
        if action == btn.PRESSED:
            if self._asleep and self.screen is not None and self.buttons is not None:
                self._asleep = False
                self._part = scr.PART_DISPLAY
                self.screen.on()
                self._showing = SHOWING_NOTHING
                self.buttons.cancel()  # the press that wakes the token does nothing else
            return
        if action == btn.NEXT or action == btn.PREVIOUS:
            if self._count:
                step = 1 if action == btn.NEXT else -1
                self._slot = (self._slot + step) % self._count
                self._forget_account()
            return
        if (action == btn.TYPE or action == btn.TYPE_ENTER) and not self.typist.busy():
            if not self._blocked():
                self._part = scr.PART_STORAGE  # an HOTP code first saves its counter
                code = self._account_on_screen().code_to_type(self.store, self.clock.now())
                self.typist.start(code, action == btn.TYPE_ENTER or self.settings.type_enter)

    def _show_notice(self, notice, ticks):
        self._notice = notice
        self._notice_until = ticks + (ERROR_HOLD_MS if notice == scr.MSG_ERROR else NOTICE_MS)
        self._showing = SHOWING_NOTHING

    # -- drawing ----------------------------------------------------------

    def _render(self, screen, ticks):
        asked = self._asked
        if asked is not None:
            self._render_press(screen, asked, ticks)
            return
        if self._notice:
            if ticks_diff(ticks, self._notice_until) < 0:
                self._message(screen, self._notice)
                return
            self._notice = 0
            self._showing = SHOWING_NOTHING
        self._part = scr.PART_CLOCK
        blocked = self._blocked()
        if blocked:
            self._message(screen, blocked)
            return
        self._part = scr.PART_STORAGE
        selected = self._account_on_screen()
        selected.advance_scroll(ticks)
        if selected.is_hotp:
            self._render_hotp(screen, selected)
        else:
            self._render_code(screen, selected)

    def _render_code(self, screen, selected):
        self._part = scr.PART_CLOCK
        second = self.clock.second()
        showing_code = self._showing == SHOWING_CODE
        if second < 0 or (second == selected.last_second and showing_code
                          and self._drawn_scroll == selected.scroll):
            return  # steady state: nothing changed, nothing allocated
        selected.update_totp(self.clock, second)
        seconds_left = selected.seconds_left
        if (showing_code and self._drawn_step == selected.code_step
                and self._drawn_seconds == seconds_left
                and self._drawn_scroll == selected.scroll):
            return
        self._part = scr.PART_DISPLAY
        screen.code(selected.top, selected.bottom, selected.position, selected.code,
                    seconds_left, selected.period,
                    selected.next_code if seconds_left <= scr.NEXT_WARNING_S else None,
                    selected.scroll)
        self._showing = SHOWING_CODE
        self._drawn_step = selected.code_step
        self._drawn_seconds = seconds_left
        self._drawn_scroll = selected.scroll

    def _render_hotp(self, screen, selected):
        shown = selected.hotp_code is not None
        if (self._showing == SHOWING_HOTP and self._drawn_hotp == shown
                and self._drawn_scroll == selected.scroll):
            return
        self._part = scr.PART_DISPLAY
        screen.hotp(selected.top, selected.bottom, selected.position,
                    selected.hotp_code, selected.counter - 1, self._type_hint, selected.scroll)
        self._showing = SHOWING_HOTP
        self._drawn_hotp = shown
        self._drawn_scroll = selected.scroll

    def _render_press(self, screen, asked, ticks):
        seconds = asked.seconds_left(ticks)
        if self._showing == SHOWING_PRESS and self._drawn_seconds == seconds:
            return
        screen.message(scr.press_lines(asked.action, asked.label, self._yes_hint,
                                       self._no_hint, seconds))
        self._showing = SHOWING_PRESS
        self._drawn_seconds = seconds

    def _message(self, screen, which):
        if self._showing == SHOWING_MESSAGE and self._drawn_message == which:
            return
        detail = self._error_part if which == scr.MSG_ERROR else getattr(self.clock, "reason",
                                                                              None)
        self._part = scr.PART_DISPLAY
        screen.message(scr.message_lines(which, detail))
        self._showing = SHOWING_MESSAGE
        self._drawn_message = which
