"""The headless control protocol: one command per stdin line, one JSON event per stdout line.

Commands: press A|B|C, long A|B|C, wait SECONDS, time UNIX, rtc-lost-power, screen,
png PATH, reboot, quit. Events: ready, warning (right after ready: settings.toml
problems, preloaded accounts), typed, screen, error (bad lines included), png. EOF on
stdin quits.
"""

import json
import os

from .render import save_png

COMMANDS = ("press A|B|C", "long A|B|C", "wait SECONDS", "time UNIX", "rtc-lost-power",
            "screen", "png PATH", "reboot", "quit")
MAX_WAIT_SECONDS = 7 * 86400


class CommandError(ValueError):
    """A control line that is not a valid command; the message names the fix."""


def usage(problem):
    return "%s; valid commands: %s" % (problem, ", ".join(COMMANDS))


def _button(sim, words):
    if len(words) != 2:
        raise CommandError(usage("%s needs one button name" % words[0]))
    name = words[1].upper()
    try:
        sim.machine.button_pin(name)
    except ValueError as exc:
        raise CommandError(usage(str(exc))) from None
    return name


def _number(words, what, low, high):
    if len(words) != 2:
        raise CommandError(usage("%s needs one number (%s)" % (words[0], what)))
    try:
        value = float(words[1])
    except ValueError:
        raise CommandError(usage("%s: %r is not a number (%s)"
                                 % (words[0], words[1], what))) from None
    if not low <= value <= high:
        raise CommandError(usage("%s: %s must be %s to %s" % (words[0], what, low, high)))
    return value


def run_command(sim, line):
    """Carry out one control line; returns (events, quit?). Raises CommandError."""
    words = line.split()
    if not words:
        return [], False
    command = words[0].lower()
    events = []
    if command == "press":
        sim.press(_button(sim, words))
    elif command == "long":
        sim.long(_button(sim, words))
    elif command == "wait":
        sim.wait(_number(words, "seconds", 0, MAX_WAIT_SECONDS))
    elif command == "time":
        sim.set_time(int(_number(words, "Unix seconds, UTC", 0, 4102444799)))
    elif command == "rtc-lost-power" and len(words) == 1:
        sim.rtc_lost_power()
    elif command == "screen" and len(words) == 1:
        events.append({"event": "screen", "rows": sim.screen_rows()})
    elif command == "png":
        if len(words) != 2:
            raise CommandError(usage("png needs one file path (no spaces)"))
        try:
            save_png(sim.screen_rows(), words[1])
        except OSError as exc:
            raise CommandError("png: cannot write %s (%s): pick a writable path"
                               % (words[1], exc.strerror or exc)) from None
        events.append({"event": "png", "path": words[1]})
    elif command == "reboot" and len(words) == 1:
        sim.reboot()
    elif command == "quit" and len(words) == 1:
        return events, True
    elif command in ("rtc-lost-power", "screen", "reboot", "quit"):
        raise CommandError(usage("%s takes no arguments" % command))
    else:
        raise CommandError(usage("unknown command %r" % words[0][:40]))
    return events, False


def pending_events(sim):
    events = [{"event": "typed", "text": text} for text in sim.typed()]
    events += [{"event": "error", "message": message} for message in sim.take_errors()]
    return events


def serve(sim, lines, emit):
    """Run the protocol over an iterable of lines; `emit(dict)` writes one event."""
    emit({"event": "ready", "serial": sim.serial_path})
    for message in sim.warnings:
        emit({"event": "warning", "message": message})
    for event in pending_events(sim):
        emit(event)
    for line in lines:
        try:
            events, done = run_command(sim, line.strip())
        except CommandError as exc:
            events, done = [{"event": "error", "message": str(exc)}], False
        for event in pending_events(sim) + events:
            emit(event)
        if done:
            return


def json_emitter(stream):
    """`emit(event)` writing one JSON line; a reader that went away is not an error."""
    def emit(event):
        try:
            # ASCII escapes: json leaves C1 controls and bidi overrides raw otherwise
            stream.write(json.dumps(event) + "\n")
            stream.flush()
        except BrokenPipeError:
            # nobody reads any more: send the rest (and the exit-time flush) nowhere
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
            os.close(devnull)
    return emit
