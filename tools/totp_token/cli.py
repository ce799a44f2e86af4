"""`totp-token`: the command line. Parses arguments, runs one subcommand, maps errors to exit codes.

Each subcommand lives in its own module under ``totp_token.commands`` exposing
``register(subparsers)`` (adds its parser, sets ``func``) — imported lazily so
that a broken optional dependency (say, no screen capture) breaks only its command.
"""

import argparse
import importlib
import sys

from .errors import EXIT_BAD_INPUT, EXIT_TOKEN, TokenToolError

# subcommand module names, in the order shown by --help
COMMAND_MODULES = (
    "demo", "sim", "parse", "scan", "add", "manage", "time", "info", "deploy",
)


def build_parser():
    parser = argparse.ArgumentParser(
        prog="totp-token",
        description="Provision and try the open hardware TOTP token.",
    )
    parser.add_argument(
        "--port", metavar="PATH",
        help="the token's data serial port (default: $TOTP_TOKEN_PORT, else found by USB interface)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module("totp_token.commands." + name)
        except ModuleNotFoundError as exc:
            if exc.name == "totp_token.commands." + name:
                continue  # not built yet
            raise
        module.register(sub)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return args.func(args) or 0
    except TokenToolError as exc:
        print("error: %s" % exc, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_TOKEN if args.command in ("add", "time", "wipe") else EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
