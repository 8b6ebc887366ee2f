"""Configuration mistakes end with one line naming the problem and a non-zero status, never a
traceback; a database password never shows up in any command's output, error or export."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

pytestmark = pytest.mark.slow

SECRET = "s3cretpw-9f2c"
DEAD_PG = f"postgresql+psycopg://newsarchive:{SECRET}@127.0.0.1:1/archive"
GOOD_SOURCES = """[[outlet]]
key = "tiny"
name = "Tiny Times"
home = "http://tiny.localhost:1/"
feeds = ["http://tiny.localhost:1/feed.xml"]
"""


def _run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    full_env.pop("DATABASE_URL", None) if env is None or "DATABASE_URL" not in env else None
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd, env=full_env)


def _error_lines(proc: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in (proc.stdout + proc.stderr).splitlines() if line.startswith("error:")]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "good.toml").write_text(GOOD_SOURCES)
    (tmp_path / "bad.toml").write_text('[[outlet]\nkey = "a')
    (tmp_path / "folder.toml").mkdir()
    return {"good": str(tmp_path / "good.toml"), "bad": str(tmp_path / "bad.toml"),
            "folder": str(tmp_path / "folder.toml"), "db": f"sqlite:///{tmp_path / 'a.sqlite3'}"}


CASES = [
    ("bad_database_url", ["stories", "--db", "nosuch://x"], "nosuch"),
    ("unreachable_postgres", ["stories", "--db", DEAD_PG], "127.0.0.1:1"),
    ("unknown_outlet", ["crawl", "--outlet", "nope", "--sources", "{good}", "--db", "{db}"], "nope"),
    ("missing_sources", ["crawl", "--sources", "{good}.missing", "--db", "{db}"], "sources"),
    ("unreadable_sources", ["crawl", "--sources", "{folder}", "--db", "{db}"], "sources"),
    ("malformed_sources", ["crawl", "--sources", "{bad}", "--db", "{db}"], "TOML"),
    ("crawl_unreachable_postgres", ["crawl", "--sources", "{good}", "--db", DEAD_PG], "127.0.0.1:1"),
]


@pytest.mark.parametrize(("args", "names"), [pytest.param(a, n, id=i) for i, a, n in CASES])
def test_configuration_error_is_one_clear_line(args: list[str], names: str, files: dict[str, str],
                                               tmp_path: Path) -> None:
    proc = _run(*(a.format(**files) for a in args), cwd=tmp_path)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "Traceback" not in output
    lines = _error_lines(proc)
    assert len(lines) == 1, output[-2000:]
    assert names in lines[0]
    assert SECRET not in output


def test_password_in_database_url_env_never_shown(tmp_path: Path) -> None:
    proc = _run("stories", cwd=tmp_path, env={"DATABASE_URL": DEAD_PG})
    assert proc.returncode != 0 and len(_error_lines(proc)) == 1
    assert SECRET not in proc.stdout + proc.stderr


@pytest.fixture
def secret_url(postgres_admin: Engine) -> Iterator[str]:
    """A working PostgreSQL URL (own schema) that carries a password; the test server trusts
    local connections, so the password is accepted and merely has to stay hidden."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with postgres_admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(postgres_admin.url).set(password=SECRET).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with postgres_admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.mark.postgres
def test_password_never_in_output_logs_or_exports(secret_url: str, tmp_path: Path, files: dict[str, str]) -> None:
    out = tmp_path / "export.jsonl"
    runs = [
        _run("stories", "--db", secret_url, cwd=tmp_path),
        _run("search", "harbour", "--db", secret_url, cwd=tmp_path),
        _run("export", "--db", secret_url, "-f", "jsonl", "-o", str(out), cwd=tmp_path),
        _run("crawl", "--sources", files["good"], "--db", secret_url, "--set", "NEWSARCHIVE_ALLOW_LOOPBACK=1",
             "--set", "DOWNLOAD_TIMEOUT=2", "--set", "RETRY_TIMES=0", "--set", "LOG_LEVEL=DEBUG", cwd=tmp_path),
        _run("stories", cwd=tmp_path, env={"DATABASE_URL": secret_url}),
    ]
    for proc in runs:  # (the crawl's DEBUG log may show fetch tracebacks: those are not config errors)
        assert SECRET not in proc.stdout + proc.stderr, proc.args
    assert runs[0].returncode == 0 and runs[2].returncode == 0
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert out in written
    for path in written:
        assert SECRET.encode() not in path.read_bytes(), path
