"""Load and validate the outlets (sources) file, so that adding an outlet is a data entry, not code."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from archive.story import SourceRef

__all__ = ["Outlet", "SourcesError", "load_sources", "parse_sources", "select_outlets", "RENDER_HINTS"]

RENDER_HINTS = ("auto", "static", "browser")
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_URL_LISTS = ("feeds", "sitemaps", "frontpages")
_KNOWN = {"key", "name", "home", "language", "country", "render", *_URL_LISTS}


class SourcesError(ValueError):
    """A sources file that cannot be used; the message names the file, the outlet and the field."""


@dataclass(frozen=True, slots=True)
class Outlet:
    """One news outlet and where its articles are announced."""

    key: str
    name: str
    home: str
    language: str | None = None
    country: str | None = None
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    frontpages: tuple[str, ...] = ()
    render: str = "auto"
    hosts: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def ref(self) -> SourceRef:
        return SourceRef(key=self.key, name=self.name, home_url=self.home, country=self.country)

    def owns_host(self, host: str | None) -> bool:
        """True when ``host`` is this outlet's host or one of its subdomains (www. ignored)."""
        if not host:
            return False
        host = _bare_host(host)
        return any(host == h or host.endswith("." + h) for h in self.hosts)


def _bare_host(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _fail(origin: str, where: str, problem: str) -> SourcesError:
    return SourcesError(f"{origin}: {where}: {problem}")


def _check_url(origin: str, where: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(origin, where, f"expected a URL string, got {value!r}")
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _fail(origin, where, f"{value!r} is not an absolute http(s) URL")
    return value.strip()


def _outlet_from_table(origin: str, index: int, table: object) -> Outlet:
    if not isinstance(table, dict):
        raise _fail(origin, f"outlet #{index + 1}", "each [[outlet]] must be a table")
    key = table.get("key")
    label = f"outlet {key!r}" if isinstance(key, str) else f"outlet #{index + 1}"
    if not isinstance(key, str) or not _KEY.match(key):
        raise _fail(origin, label, "field 'key' must match [a-z0-9][a-z0-9_-]* (at most 64 characters)")
    unknown = sorted(set(table) - _KNOWN)
    if unknown:
        raise _fail(origin, label, f"unknown field(s) {', '.join(unknown)}; known: {', '.join(sorted(_KNOWN))}")
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(origin, label, "field 'name' is required (the outlet's display name)")
    home = _check_url(origin, f"{label}, field 'home'", table.get("home"))
    lists: dict[str, tuple[str, ...]] = {}
    for list_name in _URL_LISTS:
        raw = table.get(list_name, [])
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list):
            raise _fail(origin, f"{label}, field '{list_name}'", "expected a list of URLs")
        lists[list_name] = tuple(
            _check_url(origin, f"{label}, field '{list_name}'[{i}]", u) for i, u in enumerate(raw)
        )
    if not any(lists.values()):
        raise _fail(origin, label, "give at least one of 'feeds', 'sitemaps' or 'frontpages'")
    render = table.get("render", "auto")
    if render not in RENDER_HINTS:
        raise _fail(origin, f"{label}, field 'render'", f"{render!r} is not one of {', '.join(RENDER_HINTS)}")
    for optional in ("language", "country"):
        if optional in table and not isinstance(table[optional], str):
            raise _fail(origin, f"{label}, field '{optional}'", "expected a string")
    hosts = {_bare_host(urlsplit(home).hostname or "")}
    return Outlet(
        key=key, name=name.strip(), home=home, language=table.get("language"), country=table.get("country"),
        render=render, hosts=frozenset(hosts), **lists,
    )


def parse_sources(text: str, origin: str = "<sources>") -> list[Outlet]:
    """Parse sources TOML text; ``origin`` names the file in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{origin}: not valid TOML: {exc}") from exc
    tables = data.get("outlet")
    if not isinstance(tables, list) or not tables:
        raise SourcesError(f"{origin}: no outlets: add at least one [[outlet]] table")
    outlets = [_outlet_from_table(origin, i, t) for i, t in enumerate(tables)]
    seen: set[str] = set()
    for outlet in outlets:
        if outlet.key in seen:
            raise _fail(origin, f"outlet {outlet.key!r}", "the key is used twice")
        seen.add(outlet.key)
    return outlets


def load_sources(path: str | Path) -> list[Outlet]:
    """Read and validate a sources file; every problem is a SourcesError naming file, outlet and field."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourcesError(f"{path}: cannot read the sources file ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise SourcesError(f"{path}: the sources file is not UTF-8 ({exc.reason})") from exc
    return parse_sources(text, str(path))


def select_outlets(outlets: list[Outlet], keys: list[str] | None) -> list[Outlet]:
    """Keep the outlets named by ``keys`` (all when empty); an unknown key is an error naming it."""
    if not keys:
        return outlets
    by_key = {o.key: o for o in outlets}
    unknown = [k for k in keys if k not in by_key]
    if unknown:
        raise SourcesError(f"unknown outlet(s): {', '.join(unknown)}; known: {', '.join(by_key)}")
    return [by_key[k] for k in keys]
