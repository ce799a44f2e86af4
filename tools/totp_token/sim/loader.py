"""A private import system for one firmware run, so the host process's modules stay apart.

Firmware modules (code.py, boot.py, totp/, lib/) and the Adafruit drivers are loaded
fresh for each run into their own namespace, never into ``sys.modules``: two
simulators, or a reboot, never share module state, and a ``drive=`` tree imports
from itself. Imports resolve like on the board: the simulated core modules first,
then the drive root and ``lib/``, then a short list of built-in modules CircuitPython
also has. Anything else (``typing``, ``hmac``, ``dataclasses``...) is an ImportError,
as it is on a board. Drivers the drive only has as ``.mpy`` are read from the
installed PyPI package of the same name (CPython cannot run .mpy); a firmware module
the drive has only as ``.mpy`` runs from the checkout's source, and only after that
source, compiled as deploy compiles it, gave the drive's bytes. Running the checkout
itself (empty ``lib/``), every driver comes from the installed packages.
"""

import __future__

import builtins
import importlib.util
import os
import types

# modules built into CircuitPython that the host's CPython provides well enough
HOST_BUILTINS = frozenset((
    "__future__", "array", "binascii", "builtins", "collections", "errno", "hashlib",
    "io", "json", "math", "micropython", "random", "re", "select", "struct", "sys",
    "traceback", "zlib",
))
ANNOTATIONS_FLAG = __future__.annotations.compiler_flag
DRIVER_PREFIX = "adafruit_"
_code_cache = {}


class FirmwareImporter:
    def __init__(self, search_dirs, core_modules, print_function, open_function,
                 any_installed_driver=True):
        self.search_dirs = list(search_dirs)
        # True: any adafruit_* driver may come from the installed packages (running the
        # checkout, whose lib/ is empty); False: only those the drive has compiled (.mpy)
        self.any_installed_driver = any_installed_driver
        self.core_modules = dict(core_modules)   # name -> simulated module
        self.modules = {}                        # this run's loaded modules
        self.builtins = dict(vars(builtins))
        self.builtins["__import__"] = self.import_module
        self.builtins["print"] = print_function
        self.builtins["open"] = open_function
        for name in ("exit", "quit", "help", "copyright", "credits", "license"):
            self.builtins.pop(name, None)

    # -- the __import__ hook ----------------------------------------------------------

    def import_module(self, name, globals=None, locals=None, fromlist=(), level=0):
        if level:
            package = (globals or {}).get("__package__") or ""
            parts = package.split(".")
            if level > len(parts) or not package:
                raise ImportError("attempted relative import beyond top-level package")
            base = ".".join(parts[:len(parts) - level + 1])
            name = base + "." + name if name else base
        module = self._load_dotted(name)
        if fromlist:
            for item in fromlist:
                if item != "*" and not hasattr(module, item) and hasattr(module, "__path__"):
                    try:
                        self._load_dotted(module.__name__ + "." + item)
                    except ImportError:
                        pass  # the from-import itself reports the missing name
            return module
        return self._load_dotted(name.partition(".")[0])

    def _load_dotted(self, name):
        if name in self.modules:
            return self.modules[name]
        if name in self.core_modules:
            return self.core_modules[name]
        parent_name, _, child = name.rpartition(".")
        if parent_name:
            parent = self._load_dotted(parent_name)
            if parent_name in self.core_modules:
                raise ImportError("no module named %r" % name)
            dirs = getattr(parent, "__path__", None)
            if dirs is None:
                raise ImportError("no module named %r: %s is not a package" % (name, parent_name))
            module = self._load_from(name, child, dirs)
            if module is None:
                raise ImportError("no module named %r" % name)
            setattr(parent, child, module)
            return module
        module = self._load_from(name, name, self.search_dirs)
        if module is None and name.startswith(DRIVER_PREFIX) and (
                self.any_installed_driver or self._compiled_on_drive(name)):
            module = self._load_installed_driver(name)
        if module is not None:
            return module
        if name in HOST_BUILTINS:
            return importlib.import_module(name)
        raise ImportError("no module named %r (not on the drive or in lib/, and not a "
                          "module CircuitPython has built in)" % name)

    # -- finding and running source ---------------------------------------------------

    def _load_from(self, full_name, leaf, dirs):
        for directory in dirs:
            package_init = os.path.join(directory, leaf, "__init__.py")
            if os.path.isfile(package_init):
                return self._execute(full_name, package_init, [os.path.join(directory, leaf)])
            source = os.path.join(directory, leaf + ".py")
            if os.path.isfile(source):
                return self._execute(full_name, source, None)
            if not full_name.startswith(DRIVER_PREFIX):
                for path, package in ((os.path.join(directory, leaf, "__init__.mpy"), True),
                                      (os.path.join(directory, leaf + ".mpy"), False)):
                    if os.path.isfile(path):
                        package_path = [os.path.join(directory, leaf)] if package else None
                        return self._execute(full_name, _source_of_compiled(full_name, path,
                                                                            package),
                                             package_path)
            if os.path.isdir(os.path.join(directory, leaf)) and not full_name.startswith(
                    DRIVER_PREFIX):
                return self._namespace(full_name, [os.path.join(directory, leaf)])
        return None

    def _compiled_on_drive(self, name):
        return any(os.path.isfile(os.path.join(directory, name + ".mpy"))
                   or os.path.isdir(os.path.join(directory, name))
                   for directory in self.search_dirs)

    def _load_installed_driver(self, name):
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            return None
        locations = list(spec.submodule_search_locations or [])
        return self._execute(name, spec.origin, locations or None)

    def _namespace(self, name, path):
        module = types.ModuleType(name)
        module.__path__ = path
        module.__package__ = name
        self.modules[name] = module
        return module

    def _execute(self, name, path, package_path):
        module = types.ModuleType(name)
        module.__file__ = path
        module.__builtins__ = self.builtins
        if package_path is not None:
            module.__path__ = package_path
            module.__package__ = name
        else:
            module.__package__ = name.rpartition(".")[0]
        self.modules[name] = module
        try:
            exec(compiled(path), module.__dict__)
        except BaseException:
            self.modules.pop(name, None)
            raise
        return module

    def run_script(self, path, own_modules=None):
        """Run boot.py or code.py as __main__; `own_modules` are seen by this script only."""
        own_modules = dict(own_modules or {})
        script_builtins = dict(self.builtins)

        def script_import(name, globals=None, locals=None, fromlist=(), level=0):
            if not level and name in own_modules:
                return own_modules[name]
            return self.import_module(name, globals, locals, fromlist, level)

        script_builtins["__import__"] = script_import
        namespace = {"__name__": "__main__", "__file__": path, "__builtins__": script_builtins}
        exec(compiled(path), namespace)


def _source_of_compiled(name, path, package):
    """The checkout's source file a firmware ``.mpy`` on the drive was compiled from.

    CPython cannot run ``.mpy``, so the simulator runs the source instead, once it has
    compiled that source the way ``totp-token deploy`` does and found the same bytes:
    the program run is then exactly the one on the drive.
    """
    from totp_token import deploy, deploy_mpy
    from totp_token.errors import DeployError

    relative = name.replace(".", "/") + ("/__init__.py" if package else ".py")
    source = deploy.checkout_root() / relative
    try:
        with open(path, "rb") as handle:
            matches = source.is_file() and handle.read() == deploy_mpy.compile_module(
                source.read_bytes(), relative)
    except DeployError as error:
        raise ImportError("cannot check %s against its source: %s" % (path, error)) from None
    if not matches:
        raise ImportError(
            "%s is compiled (.mpy) and is not this checkout's %s compiled by deploy; the "
            "simulator runs Python source, so it runs a .mpy only when it matches the "
            "checkout: deploy the drive again, or with --source" % (path, relative))
    return str(source)


def compiled(path):
    """Compile a source file once per content change (tests boot the firmware often)."""
    stat = os.stat(path)
    key = (path, stat.st_mtime_ns, stat.st_size)
    code = _code_cache.get(key)
    if code is None:
        with open(path, "rb") as handle:
            # CircuitPython never evaluates annotations; drivers rely on that
            code = compile(handle.read(), path, "exec", flags=ANNOTATIONS_FLAG,
                           dont_inherit=True)
        _code_cache[key] = code
    return code
