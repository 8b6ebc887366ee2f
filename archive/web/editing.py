"""Editors' changes to the archive: corrected derived fields, new outlets, crawls on demand.

Derived fields are never overwritten: an edit adds a new derivation (generator ``editor``) on top
of the current one, so the history of who said what stays in the archive.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from archive import queries
from archive.models import Derivation
from archive.story import DERIVED_FIELDS
from archive.web.features import optional

__all__ = ["edit_derived", "append_outlet", "CrawlJobs", "CrawlJob", "EDITOR"]

EDITOR = "editor"


def edit_derived(session: Session, story_id: str, changes: dict[str, Any], note: str | None = None) -> int:
    """Add a derivation to the story's latest version with ``changes`` applied; returns its id.

    Fields not in ``changes`` keep their current text and provenance. Raises LookupError for an
    unknown story and ValueError for an unknown or badly typed field.
    """
    found = queries.get_story(session, story_id)
    if found is None:
        raise LookupError(f"no story {story_id!r} in the archive")
    unknown = sorted(set(changes) - set(DERIVED_FIELDS))
    if unknown:
        raise ValueError(f"not derived fields: {', '.join(unknown)}; editable: {', '.join(DERIVED_FIELDS)}")
    story = found.story
    values: dict[str, Any] = {name: getattr(story, name) for name in DERIVED_FIELDS}
    for name, value in changes.items():
        if name == "bullets":
            if not isinstance(value, list) or not all(isinstance(b, str) for b in value):
                raise ValueError("bullets must be a list of strings")
            values[name] = [b.strip() for b in value if b.strip()]
        elif not isinstance(value, str):
            raise ValueError(f"{name} must be a string")
        else:
            values[name] = value.strip()
    provenance = {n: p.to_dict() for n, p in story.provenance.items() if n in DERIVED_FIELDS}
    for name in changes:
        provenance[name] = {"method": EDITOR, **({"note": note} if note else {})}
    row = Derivation(version_id=found.version_id, created_at=datetime.now(UTC), generator=EDITOR,
                     provenance=provenance, **values)
    session.add(row)
    session.flush()
    research = optional("research")
    if research is not None:  # keep the search index's copy of the summary current
        research.after_new_derivation(session, found.article_id, found.version_id, row.summary)
    return row.id


def _toml_value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def append_outlet(sources: Path, entry: dict[str, Any]) -> str:
    """Validate ``entry`` against the sources file's rules and append it as an [[outlet]] table.

    Returns the new outlet's key; raises ``crawler.sources.SourcesError`` (a ValueError) when
    the entry is invalid or its key is taken, leaving the file untouched.
    """
    from crawler.sources import parse_sources

    old = sources.read_text(encoding="utf-8") if sources.exists() else ""
    lines = ["", "[[outlet]]"]
    lines += [f"{name} = {_toml_value(value)}" for name, value in entry.items() if value not in (None, "", [])]
    new = old.rstrip("\n") + "\n" + "\n".join(lines) + "\n"
    parse_sources(new, str(sources))
    temp = sources.with_name(f".{sources.name}.{uuid.uuid4().hex[:8]}.tmp")
    temp.write_text(new, encoding="utf-8")
    temp.replace(sources)
    return str(entry["key"])


@dataclass
class CrawlJob:
    id: str
    command: list[str]
    started_at: datetime
    process: subprocess.Popen[str] | None = None
    finished_at: datetime | None = None
    returncode: int | None = None
    output: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        state = "running" if self.returncode is None else ("done" if self.returncode == 0 else "failed")
        return {"id": self.id, "state": state, "returncode": self.returncode,
                "started_at": self.started_at.isoformat(),
                "finished_at": self.finished_at.isoformat() if self.finished_at else None,
                "output_tail": "".join(self.output)[-4000:]}


class CrawlJobs:
    """Crawls started from the web app, each in its own `newsarchive crawl` process.

    One crawl at a time: a second request while one runs gets the running job back.
    """

    def __init__(self) -> None:
        self._jobs: dict[str, CrawlJob] = {}
        self._lock = threading.Lock()

    def running(self) -> CrawlJob | None:
        return next((j for j in self._jobs.values() if j.returncode is None), None)

    def get(self, job_id: str) -> CrawlJob | None:
        return self._jobs.get(job_id)

    def start(self, sources: Path, database_url: str, outlets: list[str], extra: tuple[str, ...]) -> CrawlJob:
        with self._lock:
            busy = self.running()
            if busy is not None:
                return busy
            command = [sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(sources),
                       "--db", database_url, *extra]
            for key in outlets:
                command += ["--outlet", key]
            job = CrawlJob(id=uuid.uuid4().hex[:12], command=command, started_at=datetime.now(UTC))
            job.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            self._jobs[job.id] = job
        threading.Thread(target=self._watch, args=(job,), daemon=True, name=f"crawl-{job.id}").start()
        return job

    @staticmethod
    def _watch(job: CrawlJob) -> None:
        assert job.process is not None and job.process.stdout is not None
        for line in job.process.stdout:
            job.output.append(line)
            if len(job.output) > 400:
                del job.output[:200]
        job.returncode = job.process.wait()
        job.finished_at = datetime.now(UTC)
