"""The password for encrypted backups: asked without echo, or read from ``--password-file``.

Never a command-line argument (other users see those in ``ps``). The password is
asked only when an encrypted backup is found, once per backup.
"""

import argparse
import getpass
import sys
import warnings
from collections.abc import Callable

from ..errors import InputError, printable
from ..safe_input import read_regular_file

MAX_PASSWORD_FILE_BYTES = 4096
PASSWORD_FILE_FIX = "give a file holding only the password"


class _RefusePassword(argparse.Action):
    """``--password VALUE``: refused without echoing VALUE (it would be a password in argv)."""

    def __call__(self, parser, namespace, values, option_string=None):
        parser.error("a password is never taken on the command line (other users can see "
                     "it): give --password-file FILE, or type it at the prompt")


def add_password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--password-file", metavar="FILE",
                        help="read the password of encrypted backups (Aegis, 2FAS) from FILE "
                             "(its first line); without it the password is asked for")
    # an explicit option, so that `--password` is not taken as an abbreviation of the above
    parser.add_argument("--password", nargs="?", action=_RefusePassword, help=argparse.SUPPRESS)


def password_reader(args: argparse.Namespace) -> Callable[[str], str]:
    """``password(prompt) -> str`` for the importers, from ``--password-file`` or a prompt."""
    path = getattr(args, "password_file", None)
    if path is None:
        return ask_password
    cache: list[str] = []

    def from_file(_prompt: str) -> str:
        if not cache:
            cache.append(read_password_file(path))
        return cache[0]

    return from_file


def read_password_file(path: str) -> str:
    name = "password file %s" % printable(path)
    data = read_regular_file(path, MAX_PASSWORD_FILE_BYTES, name, PASSWORD_FILE_FIX)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("%s: not UTF-8 text: %s" % (name, PASSWORD_FILE_FIX)) from None
    # the first line, without its line ending: `echo secret > pw.txt` adds one
    password = text.splitlines()[0] if text else ""
    if not password:
        raise InputError("%s: the first line is empty: %s" % (name, PASSWORD_FILE_FIX))
    return password


def ask_hidden(prompt: str, no_terminal: str, none_given: str,
               interrupt_too: bool = False) -> str:
    """Ask on the terminal without echo; never fall back to an echoing read. InputError
    ``no_terminal`` without a terminal, ``none_given`` at end of input (and at Ctrl-C
    with ``interrupt_too``, after ending the prompt's line)."""
    ends = (EOFError, KeyboardInterrupt) if interrupt_too else (EOFError,)
    with warnings.catch_warnings():
        warnings.simplefilter("error", getpass.GetPassWarning)
        try:
            return getpass.getpass(prompt, stream=sys.stderr)
        except getpass.GetPassWarning:
            raise InputError(no_terminal) from None
        except ends:
            if interrupt_too:
                print(file=sys.stderr)
            raise InputError(none_given) from None


def ask_password(prompt: str) -> str:
    """Ask for a password on the terminal without echo."""
    return ask_hidden(prompt, "no terminal to ask for the password without showing it: give "
                              "--password-file FILE",
                      "no password given: type it at the prompt, or give --password-file FILE")
