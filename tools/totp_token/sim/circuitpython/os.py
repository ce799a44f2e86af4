"""Simulated `os` for one firmware run (CircuitPython's subset): `/` is the drive.

`getenv` answers from settings.toml as `settings_file` read it (str values, like
CircuitPython 10.2+). The drive is read-only to the firmware here: changing it raises
EROFS unless boot.py remounted it, and EPERM even then (the simulator never writes it).
"""

import errno
import functools
import os as host_os
import types

# os.statvfs: block size, fragment size, blocks, free, available, files, ..., name length
STATVFS = (512, 512, 2048, 1024, 1024, 0, 0, 0, 0, 255)
STAT_FIELDS = 10
VERSION = "10.0.0"


def host_path(ctx, path):
    """The laptop's path of a firmware path on the drive (relative to the firmware's cwd)."""
    joined = host_os.path.normpath(host_os.path.join(ctx.cwd, str(path)))
    return host_os.path.join(ctx.drive_root, joined.lstrip("/"))


def read_only(ctx, *args, **kwargs):
    if not ctx.usb.drive_writable_by_code:
        raise OSError(errno.EROFS, "Read-only filesystem")
    raise OSError(errno.EPERM, "the simulator does not write to the drive")


def getenv(ctx, key, default=None):
    return ctx.settings.get(key, default)


def chdir(ctx, path):
    target = host_os.path.normpath(host_os.path.join(ctx.cwd, path))
    if not host_os.path.isdir(host_path(ctx, target)):
        raise OSError(errno.ENOENT, "No such file/directory")
    ctx.cwd = target


def uname(ctx):
    profile = ctx.machine.profile
    chip = profile.machine.rpartition(" with ")[2]
    return host_os.uname_result((chip, chip, VERSION, VERSION + " (simulated totp-token)",
                                 profile.machine))


def statvfs(path):
    return STATVFS


def listdir(ctx, path="."):
    return sorted(host_os.listdir(host_path(ctx, path)))


def stat(ctx, path):
    return tuple(host_os.stat(host_path(ctx, path)))[:STAT_FIELDS]


def getcwd(ctx):
    return ctx.cwd


def sync():
    return None


def build(ctx):
    module = types.ModuleType("os", "Simulated os (CircuitPython subset; / is the drive)")
    for function in (getenv, listdir, stat, getcwd, chdir, uname):
        setattr(module, function.__name__, functools.partial(function, ctx))
    module.statvfs = statvfs
    module.sync = sync
    module.urandom = host_os.urandom
    module.sep = "/"
    module.mkdir = module.remove = module.rmdir = module.rename = functools.partial(
        read_only, ctx)
    ctx.host_path = functools.partial(host_path, ctx)
    return module
