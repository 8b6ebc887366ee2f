"""`newsarchive compare`: the stories of one cluster side by side."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from archive.cli import DbOption, app, console, fail, friendly_errors, open_from_option
from archive.clusters import cluster_of, get_cluster, list_clusters
from archive.comparison import compare_cluster
from archive.queries import resolve_article


@app.command("compare")
def compare_command(
    ref: Annotated[str | None, typer.Argument(help="A story URL or id, or a cluster number (omit to list clusters).")] = None,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="The comparison as JSON.")] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="First rebuild clusters, edit classes and the search index from the stored versions.")] = False,
    limit: Annotated[int, typer.Option(min=1, help="How many clusters to list without REF.")] = 30,
) -> None:
    """Compare how outlets covered one story: who, when, headline, length, and what only each has."""
    with friendly_errors():
        archive = open_from_option(db)
        if rebuild:
            from archive.research import backfill

            with archive.session() as session:
                done = backfill(session, rebuild=True)
            console.print(f"rebuilt: {done['clustered']} articles clustered, {done['edits']} versions classified, "
                          f"{done['indexed']} search documents")
        with archive.session() as session:
            if ref is None:
                clusters = list_clusters(session, min_size=2, limit=limit)
                comparison = None
            else:
                cluster = get_cluster(session, int(ref)) if ref.isdigit() else None
                if cluster is None:
                    article_id = resolve_article(session, ref)
                    cluster = cluster_of(session, article_id) if article_id is not None else None
                if cluster is None:
                    fail(f"no story or cluster {ref!r} in the archive")
                comparison = compare_cluster(session, cluster)
    if comparison is None:
        if as_json:
            for info in clusters:
                sys.stdout.write(json.dumps(info.to_dict(), ensure_ascii=False) + "\n")
            return
        table = Table(title=f"{len(clusters)} cluster(s) of two or more stories")
        for column in ("cluster", "stories", "outlets", "headline"):
            table.add_column(column, overflow="fold")
        for info in clusters:
            table.add_row(str(info.id), str(info.size), ", ".join(info.outlets), info.headline)
        console.print(table)
        return
    if as_json:
        sys.stdout.write(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=1) + "\n")
        return
    table = Table(title=f"cluster {comparison.cluster_id}: {len(comparison.members)} stor(ies)", show_lines=True)
    for column in ("outlet", "published", "headline", "words", "only here"):
        table.add_column(column, overflow="fold")
    for m in comparison.members:
        only = [f"• {s}" for s in m.only_here[:3]]
        if len(m.only_here) > 3:
            only.append(f"… and {len(m.only_here) - 3} more sentence(s)")
        if m.only_here_terms:
            only.append("names/numbers: " + ", ".join(m.only_here_terms[:12]))
        when = m.published_at.isoformat(timespec="minutes") if m.published_at else "?"
        table.add_row(m.outlet, when, m.headline, str(m.words), "\n".join(only) or "(nothing the others lack)")
    console.print(table)
