"""`totp-token`: the command line. Parses arguments, runs one subcommand, maps errors to exit codes.

Each subcommand lives in its own module under ``totp_token.commands`` exposing
``register(subparsers)`` (adds its parser, sets ``func``) — imported lazily so
that a broken optional dependency (say, no screen capture) breaks only its command.
Every failure ends as one ``error: ...`` line on standard error and exit status
1 (bad input) or 2 (the token or its link failed); never a traceback.
"""

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from importlib import metadata
from typing import NoReturn

from .errors import EXIT_BAD_INPUT, EXIT_TOKEN, TokenToolError, printable
from .ports import add_port_option

# subcommand module names, in the order shown by --help
COMMAND_MODULES = (
    "demo", "sim", "parse", "scan", "add", "manage", "time", "info", "pin", "maintenance",
    "deploy",
)
# commands that talk to the token, and the one that writes a drive: what Ctrl-C may have left
TOKEN_COMMANDS = ("scan", "add", "list", "code", "delete", "rename", "move", "wipe", "time",
                  "info", "pin", "maintenance")
INTERRUPTED_TOKEN = ("interrupted: a change under way happened completely or not at all; "
                     "`totp-token list` and `totp-token time` show what the token holds")
INTERRUPTED_DEPLOY = ("interrupted: the drive may be partly written; run `totp-token deploy` "
                      "again to complete it")
EPILOG = ("exit status: 0 success, 1 bad input, 2 the token or its link failed\n"
          "`totp-token COMMAND --help` describes each command")


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one `error:` line and exit status 1."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, "error: %s: see `%s --help`\n" % (message, self.prog))


def version_text() -> str:
    """`totp-token 0.1.0 (firmware 0.1.0)`: the installed tool and the firmware it deploys."""
    from totp import VERSION as FIRMWARE_VERSION

    try:
        tool = metadata.version("totp-token")
    except metadata.PackageNotFoundError:
        tool = "(not installed)"
    return "totp-token %s (firmware %s)" % (tool, FIRMWARE_VERSION)


def build_parser() -> Parser:
    parser = Parser(
        prog="totp-token",
        description="Provision and try the open hardware TOTP token.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=version_text(),
                        help="print the tool's and the firmware's version and exit")
    add_port_option(parser, top_level=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        # a command module that is missing (renamed, left out of a build) fails here, loudly
        importlib.import_module("totp_token.commands." + name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return args.func(args) or 0
    except TokenToolError as exc:
        print("error: %s" % printable(exc), file=sys.stderr)  # may quote a file or the token
        return exc.exit_code
    except KeyboardInterrupt:
        return _interrupted(args.command)
    except BrokenPipeError:
        # the reader of our output (`| head`) went away: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BAD_INPUT


def _interrupted(command: str | None) -> int:
    """Ctrl-C outside a request (those say their own state): what may have changed."""
    if command in TOKEN_COMMANDS:
        print("error: " + INTERRUPTED_TOKEN, file=sys.stderr)
        return EXIT_TOKEN
    if command == "deploy":
        print("error: " + INTERRUPTED_DEPLOY, file=sys.stderr)
        return EXIT_TOKEN
    print("error: interrupted", file=sys.stderr)
    return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
