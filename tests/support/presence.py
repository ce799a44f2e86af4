"""Pressing the token while a host call waits for it, as its owner would.

``call_pressing(call, waiting, press)`` runs ``call()`` (a client call or a whole CLI
command) in a thread, waits until ``waiting()`` says the token asks for the press,
then calls ``press()`` and returns what ``call`` returned (or raises what it raised).
``presses`` > 1 answers that many questions one after another (one per request).
"""

import threading
import time

ASK_TIMEOUT_S = 20.0


def call_pressing(call, waiting, press, presses=1, timeout=ASK_TIMEOUT_S):
    outcome = {}

    def run():
        try:
            outcome["value"] = call()
        except BaseException as exc:  # handed to the caller below
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    for _ in range(presses):
        deadline = time.monotonic() + timeout
        while not waiting():
            if not thread.is_alive() or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        else:
            press()
            # the token takes the answer within a step; the next question is a new request
            while waiting() and time.monotonic() < deadline:
                time.sleep(0.02)
    thread.join(timeout)
    if thread.is_alive():
        raise AssertionError("the host call did not finish within %g s" % timeout)
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def sim_asks(sim):
    """True while the simulated token's screen asks for the owner's press."""
    from totp_token.sim.frontends.screen_text import read_screen

    return any(line.endswith(": yes") for line in read_screen(sim.screen_rows()))


def call_pressing_sim(sim, call, button="B", presses=1):
    """``call_pressing`` against the simulator: ``button`` is pressed when the screen asks."""
    return call_pressing(call, lambda: sim_asks(sim), lambda: sim.press(button), presses)
