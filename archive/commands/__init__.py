"""Archive-side `newsarchive` commands, one module per feature; each registers on ``archive.cli.app``.

Modules here are imported by ``archive.cli`` at start-up, so a new command is a new module.
"""

from __future__ import annotations

import importlib
import pkgutil


def load_all() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
