"""Run one request under CPython the way run.mjs runs it under MicroPython.

Reads the same JSON request on stdin ({"files": [[host path, interpreter path], ...],
"script": source} or "scripts": [source, ...]), plus optional "names" for tracebacks
and "under", the folder to work in. The files are copied into a fresh temporary folder
that becomes the working directory, as MicroPython's "/" is: the folder comes first on
sys.path and its ``lib/`` comes after the standard library (MicroPython's built-in
modules also win over /lib). The scripts run in turn in one ``__main__`` namespace;
an uncaught exception prints its traceback on stderr and exits with status 1. Used by
tests/support/mpy.py; not meant to be run by hand.
"""

import json
import os
import shutil
import sys
import tempfile
import traceback


def _place(root, files):
    for host_path, relative in files:
        target = os.path.join(root, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(host_path, target)


def _set_path(root):
    sys.path[0] = root  # instead of this runner's own folder
    lib = os.path.join(root, "lib")
    first_installed = next((index for index, entry in enumerate(sys.path)
                            if "site-packages" in entry), len(sys.path))
    sys.path.insert(first_installed, lib)


def main():
    request = json.load(sys.stdin)
    scripts = request.get("scripts") or [request["script"]]
    names = request.get("names") or ["<script %d>" % index for index in range(len(scripts))]
    status = 0
    with tempfile.TemporaryDirectory(prefix="totp-cpython-", dir=request.get("under")) as root:
        _place(root, request["files"])
        _set_path(root)
        os.chdir(root)
        namespace = {"__name__": "__main__"}
        try:
            for script, name in zip(scripts, names, strict=True):
                exec(compile(script, name, "exec"), namespace)
        except BaseException:  # any failure, SystemExit included, as run.mjs reports it
            sys.stdout.flush()
            traceback.print_exc()
            status = 1
        finally:
            sys.stdout.flush()
            os.chdir(os.path.dirname(root))
    return status


if __name__ == "__main__":
    sys.exit(main())
