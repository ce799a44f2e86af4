"""`totp-token list --compare PATH`: do two tokens hold the same accounts?

Compares what each token reports for every account (issuer, name, type,
algorithm, digits, period), never secrets: the token never sends one, so two
accounts with the same names and parameters but different secrets look the
same here (`totp-token add` with both ports checks the secrets on each token).
"""

import argparse
import json

from totp.account import entry_label

from ..client import connect
from ..errors import printable

COMPARED = ("issuer", "account", "type", "algorithm", "digits", "period")


def _key(entry: dict) -> tuple:
    return (entry["issuer"].lower(), entry["account"].lower())


def _label(entry: dict) -> str:
    return printable(entry_label(entry))


def differences(first: list, second: list) -> list:
    """``(label, what)`` for every account not the same on both tokens, in first-token order."""
    other = {_key(entry): entry for entry in second}
    mine = {_key(entry) for entry in first}
    found = []
    for entry in first:
        twin = other.get(_key(entry))
        if twin is None:
            found.append((_label(entry), "only on the first token"))
            continue
        changed = [field for field in COMPARED[2:] if entry.get(field) != twin.get(field)]
        if changed:
            found.append((_label(entry), "differs in %s" % ", ".join(changed)))
    found += [(_label(entry), "only on the second token") for entry in second
              if _key(entry) not in mine]
    return found


def run_compare(args: argparse.Namespace) -> int:
    with connect(args.port) as client:
        first = client.accounts()
    with connect(args.compare) as client:
        second = client.accounts()
    found = differences(first, second)
    if args.json:
        print(json.dumps([{"account": label, "difference": what} for label, what in found],
                         indent=2))
    elif found:
        for label, what in found:
            print("%s: %s" % (label, what))
    else:
        print("Both tokens hold the same %d account(s) (names and parameters; secrets are "
              "never read)." % len(first))
    return 1 if found else 0
