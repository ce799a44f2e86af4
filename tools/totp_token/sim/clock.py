"""Simulated time and the lock step between the firmware thread and the controller.

Simulated time runs at real speed and can be fast-forwarded; it never goes back.
The firmware thread sleeps through `Scheduler.sleep`; the sleep in code.py's main
loop marks the end of one `app.step()`. The controller (tests, the headless
protocol) acts only between steps (`between_steps`) and waits for the firmware
to finish a step after each action (`run_steps`), jumping simulated time over the
firmware's sleeps so nothing waits for wall-clock time.
"""

import threading
import time

NS = 1_000_000_000
# real seconds a step may take before the controller gives up waiting for it
STEP_TIMEOUT_S = 20.0


class FirmwareStopped(BaseException):
    """Raised inside the firmware thread to end it (BaseException: app code can't catch it)."""


class SimulationTimeout(RuntimeError):
    """The firmware did not finish a step in time (stuck in a loop or a blocking call)."""


class SimClock:
    def __init__(self):
        self._origin = time.monotonic_ns()
        self._offset_ns = 0
        self._lock = threading.Lock()

    def now_ns(self):
        return time.monotonic_ns() - self._origin + self._offset_ns

    def now(self):
        return self.now_ns() / NS

    def advance_to(self, target_ns):
        with self._lock:
            behind = target_ns - self.now_ns()
            if behind > 0:
                self._offset_ns += behind


class Scheduler:
    def __init__(self, clock):
        self.clock = clock
        self.cv = threading.Condition()
        self.step_lock = threading.Lock()
        self.steps_done = 0
        self.sleeping_until = None   # firmware's sleep deadline (ns), None while it runs
        self.running = False         # a firmware thread is alive
        self.stopping = False
        self.fast_forward_ns = None  # while set, sleeps ending before it end at once

    # -- firmware thread side ---------------------------------------------------------

    def firmware_begin(self):
        self.step_lock.acquire()
        with self.cv:
            self.running = True
            self.stopping = False
            self.cv.notify_all()

    def firmware_end(self):
        with self.cv:
            self.running = False
            self.sleeping_until = None
            self.cv.notify_all()
        self.step_lock.release()  # the firmware thread holds it whenever it is not asleep

    def check_stop(self):
        if self.stopping:
            raise FirmwareStopped()

    def sleep(self, seconds, step_end=False):
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        deadline = self.clock.now_ns() + int(seconds * NS)
        if step_end:
            self.step_lock.release()
        try:
            with self.cv:
                if step_end:
                    self.steps_done += 1
                self.sleeping_until = deadline
                self.cv.notify_all()
                while not self.stopping:
                    if self.fast_forward_ns is not None and deadline <= self.fast_forward_ns:
                        self.clock.advance_to(deadline)
                        break
                    remaining = deadline - self.clock.now_ns()
                    if remaining <= 0:
                        break
                    self.cv.wait(remaining / NS)
                self.sleeping_until = None
                self.cv.notify_all()
        finally:
            if step_end:
                self.step_lock.acquire()
        self.check_stop()

    # -- controller side --------------------------------------------------------------

    def between_steps(self):
        """Context manager: hold the firmware between two steps (fast-forwarding its sleeps)."""
        return _BetweenSteps(self)

    def _jump_over_sleep(self, limit_ns=None):
        """If the firmware sleeps, move time to its deadline (not past limit_ns). Holds cv."""
        until = self.sleeping_until
        now = self.clock.now_ns()
        if until is not None and until > now:
            target = until if limit_ns is None else min(until, limit_ns)
            self.clock.advance_to(target)
            self.cv.notify_all()
            return True
        return False

    def run_steps(self, steps=1, quiet=None):
        """Let the firmware complete `steps` more steps, then while `quiet()` is False."""
        give_up = time.monotonic() + STEP_TIMEOUT_S
        with self.cv:
            target = self.steps_done + steps
            while self.running:
                if self.steps_done >= target and (quiet is None or quiet()):
                    return
                self._jump_over_sleep()
                if time.monotonic() > give_up:
                    raise SimulationTimeout(
                        "the firmware did not finish a step within %d s: it is stuck in a "
                        "loop or a blocking call" % STEP_TIMEOUT_S)
                self.cv.wait(0.01)

    def wait(self, seconds):
        """Fast-forward simulated time by `seconds`; the firmware runs every step on the way."""
        target = self.clock.now_ns() + int(seconds * NS)
        give_up = time.monotonic() + STEP_TIMEOUT_S + seconds
        with self.cv:
            self.fast_forward_ns = target
            self.cv.notify_all()
            try:
                while self.running:
                    until = self.sleeping_until
                    if until is not None and until > target:
                        break
                    if until is not None and until > self.clock.now_ns():
                        self.clock.advance_to(until)  # asleep since before the wait began
                        self.cv.notify_all()
                    if time.monotonic() > give_up:
                        raise SimulationTimeout(
                            "the firmware did not sleep within %d s while waiting"
                            % STEP_TIMEOUT_S)
                    self.cv.wait(0.01)
            finally:
                self.fast_forward_ns = None
        self.clock.advance_to(target)

    def stop(self):
        with self.cv:
            self.stopping = True
            self.cv.notify_all()


class _BetweenSteps:
    def __init__(self, scheduler):
        self._scheduler = scheduler

    def __enter__(self):
        scheduler = self._scheduler
        give_up = time.monotonic() + STEP_TIMEOUT_S
        while not scheduler.step_lock.acquire(timeout=0.005):
            with scheduler.cv:
                scheduler._jump_over_sleep()
            if time.monotonic() > give_up:
                raise SimulationTimeout(
                    "the firmware did not finish its step within %d s" % STEP_TIMEOUT_S)
        return self

    def __exit__(self, *exc):
        self._scheduler.step_lock.release()
        return False
