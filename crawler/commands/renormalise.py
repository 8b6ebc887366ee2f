"""`newsarchive renormalise`: recompute the derived fields of archived versions without fetching again."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import Progress

from archive import queries
from archive.cli import DbOption, app, console, fail, friendly_errors, open_from_option, parse_date_option
from archive.derivations import record_derivation
from crawler.normalise import ChatCompletionsGenerator, ChatSettings, ExtractiveGenerator, Generator, derive

GENERATORS = ("extractive", "chat")


def make_generator(name: str, base_url: str | None, model: str | None, api_key: str | None) -> Generator:
    """The named generator; ``chat`` needs a base URL and a model (any OpenAI-compatible server)."""
    if name == "extractive":
        return ExtractiveGenerator()
    if name == "chat":
        if not base_url or not model:
            fail("--generator chat needs --chat-url and --chat-model (or NEWSARCHIVE_CHAT_URL / NEWSARCHIVE_CHAT_MODEL)")
        return ChatCompletionsGenerator(ChatSettings(base_url=base_url, model=model, api_key=api_key))
    fail(f"unknown generator {name!r}; choose from {', '.join(GENERATORS)}")


@app.command()
def renormalise(
    db: DbOption = None,
    since: Annotated[str | None, typer.Option(help="Only stories published on or after this date.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet (its key).")] = None,
    generator: Annotated[str, typer.Option(help="extractive (offline default) or chat (an OpenAI-compatible server).")] = "extractive",
    all_versions: Annotated[bool, typer.Option("--all-versions", help="Every version, not only the latest.")] = False,
    chat_url: Annotated[str | None, typer.Option(envvar="NEWSARCHIVE_CHAT_URL", help="Chat server base URL, e.g. http://127.0.0.1:11434/v1.")] = None,
    chat_model: Annotated[str | None, typer.Option(envvar="NEWSARCHIVE_CHAT_MODEL", help="Model name on that server.")] = None,
    chat_key: Annotated[str | None, typer.Option(envvar="NEWSARCHIVE_CHAT_KEY", help="API key, if the server wants one (never logged).", show_default=False)] = None,
) -> None:
    """Recompute summary, bullets and explainers for archived versions, without fetching again.

    Each changed result is recorded as a new derivation of its version; captured text is never
    rewritten, and the previous derivations stay in the archive.
    """
    made = make_generator(generator, chat_url, chat_model, chat_key)
    with friendly_errors():
        archive = open_from_option(db)
        with archive.session() as session:
            targets = [(sv.article_id, sv.version_id, sv.story) for sv in queries.iter_versions(
                session, latest_only=not all_versions, outlet=outlet, since=parse_date_option(since, "--since"))]
        added = 0
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("renormalising", total=len(targets))
            for article_id, version_id, story in targets:
                renewed = derive(story, made)
                with archive.session() as session:
                    added += record_derivation(session, article_id, version_id, renewed)
                progress.advance(task)
        archive.dispose()
    console.print(f"renormalised {len(targets)} version(s) with {generator}: {added} new derivation(s), "
                  f"{len(targets) - added} unchanged")
