"""Entry point: ``python -m bench`` runs every benchmark; ``python -m bench otp qr`` some.

Each benchmark module has ``main() -> int`` (0 when its targets are met) and
is imported only when asked for, so one benchmark's dependencies never slow
or break another.
"""

import argparse
import importlib
import sys

BENCHMARKS = {
    "otp": "bench.otp",
    "qr": "bench.bench_qr",
    "provision": "bench.bench_provision",
    "store": "bench.bench_store",
    "device": "bench.bench_device",
    "kdf": "bench.kdf",
}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="name",
                        help="benchmarks to run (default: all): %s" % ", ".join(BENCHMARKS))
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error("unknown benchmark %s: choose from %s"
                     % (", ".join(unknown), ", ".join(BENCHMARKS)))
    status = 0
    for name in args.names or BENCHMARKS:
        status |= importlib.import_module(BENCHMARKS[name]).main()
    return status


if __name__ == "__main__":
    sys.exit(main())
