"""`newsarchive diff`: what changed between two versions of a story."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console

from archive import queries
from archive.cli import DbOption, app, fail, friendly_errors, open_from_option
from archive.diff_render import render_diff
from archive.diffs import diff_versions
from archive.edit_log import edits_of


@app.command("diff")
def diff_command(
    ref: Annotated[str, typer.Argument(help="Story URL or id.")],
    db: DbOption = None,
    from_version: Annotated[int | None, typer.Option("--from", min=1, help="Old version (default: the one before --to).")] = None,
    to_version: Annotated[int | None, typer.Option("--to", min=1, help="New version (default: the latest).")] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain text: [-removed-] and {+added+} marks.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="The diff as JSON.")] = False,
    context: Annotated[int, typer.Option(min=0, help="Unchanged paragraphs shown around each change.")] = 1,
) -> None:
    """Compare two versions field by field, paragraph by paragraph and word by word."""
    with friendly_errors():
        archive = open_from_option(db)
        with archive.session() as session:
            latest = queries.get_story(session, ref)
            if latest is None:
                fail(f"no story {ref!r} in the archive")
            new_number = to_version or latest.versions
            old_number = from_version or max(1, new_number - 1)
            old = queries.get_story(session, ref, version=old_number)
            new = queries.get_story(session, ref, version=new_number)
            missing = [n for n, found in ((old_number, old), (new_number, new)) if found is None]
            if missing or old is None or new is None:
                fail(f"{ref!r} has versions 1 to {latest.versions}; there is no version {missing[0]}")
            kinds = next((e.kinds for e in edits_of(session, latest.article_id) if e.version == new_number), [])
    diff = diff_versions(old.story, new.story)
    diff.meta.update({"url": latest.story.canonical_url, "story_id": latest.story_id, "from": old_number,
                      "to": new_number, "edits": kinds if old_number == new_number - 1 else []})
    if as_json:
        sys.stdout.write(json.dumps(diff.to_dict(), ensure_ascii=False, indent=1) + "\n")
        return
    out = Console(no_color=no_color, highlight=False, soft_wrap=True)
    for line in render_diff(diff, color=not no_color, context=context):
        out.print(line)
