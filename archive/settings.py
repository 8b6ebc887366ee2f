"""The archive's settings: the one place the archive side reads the environment."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

__all__ = ["Settings", "load_settings", "redact_url", "DEFAULT_DATABASE_URL", "DEFAULT_EXPORTS_DIR"]

#: A SQLite file in the current folder, so a first run needs no set-up at all.
DEFAULT_DATABASE_URL = "sqlite:///newsarchive.sqlite3"
DEFAULT_EXPORTS_DIR = "exports"

# user:password@ in a URL the SQLAlchemy parser rejected; still never print the password.
_PASSWORD_IN_URL = re.compile(r"(?P<head>//[^/:@]*:)[^@/]*(?P<tail>@)")


@dataclass(frozen=True, slots=True)
class Settings:
    """Where the archive lives and where exports go."""

    database_url: str = DEFAULT_DATABASE_URL
    exports_dir: str = DEFAULT_EXPORTS_DIR

    @property
    def redacted_database_url(self) -> str:
        return redact_url(self.database_url)


def load_settings(database_url: str | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from the environment; an explicit ``database_url`` (e.g. ``--db``) wins over it.

    ``DATABASE_URL`` chooses the archive and ``NEWSARCHIVE_EXPORTS`` the export folder. Empty
    values count as unset, so ``DATABASE_URL= newsarchive ...`` falls back to the default.
    """
    env = os.environ if environ is None else environ
    return Settings(
        database_url=database_url or env.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        exports_dir=env.get("NEWSARCHIVE_EXPORTS") or DEFAULT_EXPORTS_DIR,
    )


def redact_url(url: str) -> str:
    """The URL with its password replaced by ``***``, safe for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return _PASSWORD_IN_URL.sub(r"\g<head>***\g<tail>", url)
