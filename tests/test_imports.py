"""Every module imports on its own, as a script or a command that starts with it does: an import
cycle that only bites when one particular module is imported first fails here."""

from __future__ import annotations

import subprocess
import sys

_IMPORT_EACH_FIRST = """
import importlib, pkgutil, sys, traceback
import clearline
names = sorted(
    info.name
    for info in pkgutil.walk_packages(clearline.__path__, "clearline.")
    if ".migrations." not in info.name and not info.name.endswith("__main__")
)
failed = []
for name in names:
    for loaded in [m for m in sys.modules if m == "clearline" or m.startswith("clearline.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception:
        failed.append(name + ": " + traceback.format_exc().splitlines()[-1])
print(len(names))
print("\\n".join(failed))
"""


def test_every_module_imports_when_it_is_the_first_one_imported() -> None:
    run = subprocess.run(
        [sys.executable, "-c", _IMPORT_EACH_FIRST], capture_output=True, text=True, check=True
    )
    count, *failures = run.stdout.splitlines()
    assert int(count) > 100  # every module of the package was tried
    assert [line for line in failures if line] == []
