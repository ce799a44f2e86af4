"""Flash erases per store operation on each port's model, and what they mean in years.

Part of ``python -m bench store``. Starts from 50 accounts (3 of them HOTP),
then counts the erases the flash model makes over many operations of each
kind, compactions included. The years column is the rated erase cycles of
the port's erase units divided by the erases a heavy user causes per day
(HEAVY_DAY). The last column is the worst a host can do: every erase the
wear budget (``totp.store.budget``) allows, day after day. docs/storage.md and
the README carry the table this prints.
"""

from totp_token.sim.chips.nvm import for_port

from totp.account import Account
from totp.store import Store
from totp.store.budget import BURST, REFILL_MS

ACCOUNTS = 50
HOTP_SLOTS = (0, 17, 49)
# port -> (rated erase cycles per unit, erase units the store spreads its erases over)
ENDURANCE = {"rp2040": (100000, 1), "nrf52840": (10000, 2)}
HEAVY_DAY = {"press": 20, "rename": 3, "move": 3, "add+delete": 2}  # a heavy user's day
RUNS = {"press": 3000, "rename": 600, "move": 600, "add+delete": 300}


def _store(port):
    medium = for_port(port)
    store = Store(medium, port)
    for number in range(ACCOUNTS):
        store.add(Account(bytes((number,)) * 20, "Issuer %02d" % number,
                          "user%02d@mail.example" % number,
                          kind="hotp" if number in HOTP_SLOTS else "totp"))
    return medium, store


def _operate(store, kind, number):
    if kind == "press":
        slot = HOTP_SLOTS[number % len(HOTP_SLOTS)]
        store.set_counter(slot, store.get(slot).counter + 1)
    elif kind == "rename":
        store.rename(number % ACCOUNTS, "Renamed %d" % number, "someone")
    elif kind == "move":
        store.move(number % ACCOUNTS, (number * 7) % ACCOUNTS)
    else:
        store.add(Account(b"\x99" * 20, "Extra", "account %d" % number))
        store.delete(len(store) - 1)


def erases_per_operation(port):
    """``{kind: erases per operation}`` measured on the port's flash model."""
    figures = {}
    for kind, runs in RUNS.items():
        medium, store = _store(port)
        start = medium.erases
        for number in range(runs):
            _operate(store, kind, number)
        figures[kind] = (medium.erases - start) / runs
    return figures


def wear_rows():
    rows = []
    for port, (cycles, units) in ENDURANCE.items():
        figures = erases_per_operation(port)
        per_day = sum(HEAVY_DAY[kind] * figures[kind] for kind in HEAVY_DAY)
        years = cycles * units / per_day / 365 if per_day else float("inf")
        host_per_day = 86400000 / REFILL_MS[port]
        host_years = (cycles * units - BURST) / host_per_day / 365
        rows.append((port, figures, per_day, years, host_years))
    return rows


def print_wear():
    print("store: flash erases per operation (50 accounts; a heavy day is %s)"
          % ", ".join("%d %s" % (count, kind) for kind, count in HEAVY_DAY.items()))
    print("  %-9s %7s %7s %7s %11s %11s %8s %16s" % (
        "port", "press", "rename", "move", "add+delete", "erases/day", "years",
        "host flat out, y"))
    for port, figures, per_day, years, host_years in wear_rows():
        print("  %-9s %7.4f %7.4f %7.4f %11.4f %11.2f %8.1f %16.1f"
              % (port, figures["press"], figures["rename"], figures["move"],
                 figures["add+delete"], per_day, years, host_years))
    print("  FRAM: no erases at all (rated 10^12 writes per byte)")
