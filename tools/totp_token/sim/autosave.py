"""Keeping `--state FILE` current while the simulator runs, so a killed simulator loses little.

A background thread looks every SAVE_INTERVAL_S whether the firmware or a command
changed nvm (any write step) or the DS3231 (any register write, a set time, a lost
coin cell, or a clock run ahead by `wait`), and if so writes the file atomically.
It copies nvm and the RTC between two firmware steps, so a save never holds half of
a store operation. A file that something else changed since this simulator read or
wrote it is left alone and the problem reported once: two simulators on one state
file must not silently overwrite each other.
"""

import os
import threading
import time

from . import state as state_file

SAVE_INTERVAL_S = 0.5
# the RTC drifting this far from wall-clock time (fast-forwarded by `wait`) is a change
DRIFT_TOLERANCE_S = 2
LOCK_TIMEOUT_S = 0.2
LOCK_WAIT_S = 5.0


class StateKeeper:
    def __init__(self, path, board, machine, errors, state_id):
        self.path = path
        self.state_id = state_id
        self.board = board
        self.machine = machine
        self.errors = errors            # shared with the Simulator
        self._saved = None              # (nvm steps, rtc writes, drift) the file holds
        self._file_id = None            # the file as this simulator last saw it
        self.refused = False            # a save failed or was refused: no more saves
        self._save_lock = threading.Lock()
        self._quit = threading.Event()
        self._thread = None

    def loaded(self):
        """The file (or its absence) now matches the machine: remember both."""
        self._file_id = _identity(self.path)
        self._saved = self._fingerprint() if self._file_id else None

    def changed_since_load(self):
        """Save at the next chance even if nvm and the RTC did not change."""
        self._saved = None

    def _fingerprint(self):
        rtc = self.machine.rtc
        return (self.machine.nvm.steps, rtc.writes, rtc.unix() - int(time.time()))

    def changed(self):
        if self._saved is None:
            return True
        steps, writes, drift = self._fingerprint()
        return ((steps, writes) != self._saved[:2]
                or abs(drift - self._saved[2]) > DRIFT_TOLERANCE_S)

    def save(self, background=False):
        """Write the file now if anything changed; False when it was not written."""
        with self._save_lock:
            if self.refused:
                return False
            if not self.changed():
                return True
            lock = self.machine.scheduler.step_lock
            if not lock.acquire(timeout=LOCK_TIMEOUT_S if background else LOCK_WAIT_S):
                if not background:  # in the background: try again next round
                    self.errors.append("state file %s not saved: the firmware did not finish "
                                       "its step" % self.path)
                return False
            try:
                fingerprint = self._fingerprint()
                image = self.machine.nvm.dump()
                rtc = self.machine.rtc.snapshot()
            finally:
                lock.release()
            if _identity(self.path) != self._file_id:
                self.refused = True
                self.errors.append(
                    "state file %s was changed or deleted by another program since this "
                    "simulator read it: not overwritten, so changes from now on are not saved; "
                    "stop the other simulator or use another --state file" % self.path)
                return False
            try:
                state_file.save(self.path, self.board, image, rtc, self.state_id)
            except OSError as exc:
                self.refused = True
                self.errors.append("cannot save the state file %s (%s): changes from now on "
                                   "are not saved; free space or fix the folder's permissions"
                                   % (self.path, exc.strerror or exc))
                return False
            self._file_id = _identity(self.path)
            self._saved = fingerprint
            return True

    def start(self):
        if self._thread is None:
            self._quit.clear()
            self._thread = threading.Thread(target=self._run, name="state-saver", daemon=True)
            self._thread.start()

    def stop(self):
        self._quit.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self):
        while not self._quit.wait(SAVE_INTERVAL_S):
            self.save(background=True)


def _identity(path):
    """What tells one version of the file from another, or None when there is none."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:  # e.g. its folder replaced by a file: not the file we wrote
        return ("unreadable", exc.errno)
    return (info.st_ino, info.st_mtime_ns, info.st_size)
