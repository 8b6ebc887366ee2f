"""The supervisor's handle on its crawl worker process: start it, hand it a job, wait for the report,
stop it gently or not."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

from crawler.service.protocol import CycleJob, CycleReport

__all__ = ["WorkerProcess", "WorkerGone", "worker_command"]


class WorkerGone(Exception):
    """The worker process ended (or its pipe broke) before answering."""


def worker_command(database_url: str, sources: Path, settings: dict[str, Any], log_level: str) -> list[str]:
    return [sys.executable, "-m", "crawler.service.worker", "--db", database_url, "--sources", str(sources),
            "--settings-json", json.dumps(settings), "--log-level", log_level]


class WorkerProcess:
    """One running worker. Its own session, so a Ctrl-C in the terminal reaches the supervisor only,
    which decides how the worker stops."""

    def __init__(self, command: list[str]) -> None:
        self.command = command
        self.cycles = 0
        self._reports: queue.Queue[CycleReport | None] = queue.Queue()
        self._proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                      start_new_session=True)
        assert self._proc.stdout is not None
        threading.Thread(target=self._read, args=(self._proc.stdout,), name="worker-reports", daemon=True).start()

    @property
    def pid(self) -> int:
        return self._proc.pid

    @property
    def returncode(self) -> int | None:
        return self._proc.poll()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            if line.strip():
                self._reports.put(CycleReport.from_line(line))
        self._reports.put(None)

    def submit(self, job: CycleJob) -> None:
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(job.to_line())
            self._proc.stdin.flush()
        except (BrokenPipeError, ValueError) as exc:
            raise WorkerGone(f"the crawl worker (pid {self.pid}) is gone: {exc}") from exc
        self.cycles += 1

    def next_report(self, timeout: float) -> CycleReport | None:
        """The next report, or None if none came within ``timeout``; WorkerGone once it has exited."""
        try:
            report = self._reports.get(timeout=timeout)
        except queue.Empty:
            return None
        if report is None:
            self._reports.put(None)  # stays gone for later calls
            self._proc.wait()
            raise WorkerGone(f"the crawl worker (pid {self.pid}) exited with code {self._proc.returncode}")
        return report

    def terminate(self) -> None:
        """Ask for a graceful stop (finish what is in flight, report, exit)."""
        self._signal(signal.SIGTERM)

    def kill(self) -> None:
        self._signal(signal.SIGKILL)
        self._proc.wait()

    def _signal(self, signum: int) -> None:
        if self._proc.poll() is None:
            try:
                os.kill(self._proc.pid, signum)
            except ProcessLookupError:
                pass

    def close(self, timeout: float) -> int:
        """End an idle worker: close its input, wait ``timeout`` seconds, then kill it."""
        if self._proc.stdin is not None and not self._proc.stdin.closed:
            try:
                self._proc.stdin.close()
            except BrokenPipeError:
                pass
        try:
            return self._proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return self._proc.returncode
