"""`newsarchive run` in a subprocess for tests: its log lines stamped on arrival, its schedule read
from the archive, and a clean stop."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from sqlalchemy import select

from archive.db import open_archive
from archive.models import PollSchedule
from crawler.demo import LOCAL_WEB_SETTINGS

__all__ = ["ServiceProcess", "free_port", "polls", "wait_until"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check: Callable[[], bool], timeout: float, what: str, interval: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


def polls(database_url: str) -> dict[str, int]:
    """Outlet -> completed polls, as the schedule records them."""
    archive = open_archive(database_url)
    try:
        with archive.session() as session:
            return {row.outlet: row.polls for row in session.scalars(select(PollSchedule))}
    finally:
        archive.dispose()


class ServiceProcess:
    """The service on ``sources`` into ``database_url``, with the local-web crawl settings."""

    def __init__(self, sources: Path, database_url: str, *options: str) -> None:
        settings = [arg for name, value in LOCAL_WEB_SETTINGS.items() for arg in ("--set", f"{name}={value}")]
        self.command = [sys.executable, "-m", "crawler.cli", "run", "--sources", str(sources), "--db", database_url,
                        "--workers", "0", *settings, *options]
        self.lines: list[tuple[float, str]] = []
        self.signalled: float | None = None
        self._lock = threading.Lock()
        self.proc = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            with self._lock:
                self.lines.append((time.monotonic(), line.rstrip("\n")))

    def log(self) -> list[tuple[float, str]]:
        with self._lock:
            return list(self.lines)

    def text(self) -> str:
        return "\n".join(line for _, line in self.log())

    def matches(self, pattern: str) -> list[tuple[float, re.Match[str]]]:
        regex = re.compile(pattern)
        return [(at, m) for at, line in self.log() if (m := regex.search(line))]

    def wait_for(self, pattern: str, timeout: float, count: int = 1) -> None:
        wait_until(lambda: len(self.matches(pattern)) >= count or self.proc.poll() is not None, timeout,
                   f"{pattern!r} in the service log:\n{self.text()[-3000:]}")
        assert self.proc.poll() is None, f"the service exited ({self.proc.returncode}):\n{self.text()[-5000:]}"

    def cycles(self) -> dict[int, tuple[float, float]]:
        """Cycle number -> (when its start was logged, when its end was), for ended cycles."""
        starts = {int(m[1]): at for at, m in self.matches(r"cycle (\d+) started")}
        ends = {int(m[1]): at for at, m in self.matches(r"cycle (\d+) (finished|failed|stopped|handed)")}
        return {n: (starts[n], ends[n]) for n in starts if n in ends}

    def send(self, signum: int = signal.SIGTERM) -> None:
        self.signalled = time.monotonic()
        self.proc.send_signal(signum)

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 60) -> tuple[int, float]:
        """Send ``signum`` (unless ``send()`` sent it); the exit code and how long the service took to exit."""
        if self.signalled is None:
            self.send(signum)
        sent = self.signalled
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return code, time.monotonic() - sent

    def __enter__(self) -> ServiceProcess:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)
