"""Show a story in the portal layout as terminal text (rich renderables)."""

from __future__ import annotations

from datetime import datetime

from rich.console import Group
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from archive.story import Story

__all__ = ["story_panel", "format_when"]


def format_when(value: datetime | None) -> str:
    return value.isoformat(timespec="minutes") if value else "unknown"


def _section(title: str, text: str) -> list[Text]:
    if not text:
        return []
    return [Text(""), Text(title, style="bold"), Text(text)]


def story_panel(story: Story, version: int | None = None) -> Panel:
    """The portal layout: headline, summary, key points, body, explainers, source line."""
    parts: list[Text] = [Text(story.headline, style="bold underline")]
    if story.summary:
        parts += [Text(""), Text(story.summary, style="italic")]
    if story.bullets:
        parts += [Text(""), Text("Key points", style="bold")]
        parts += [Text(f"  • {bullet}") for bullet in story.bullets]
    parts.append(Text(""))
    for paragraph in story.body:
        parts += [Text(paragraph), Text("")]
    parts += _section("Why this matters", story.why_this_matters)
    parts += _section("What this means for you", story.what_this_means_for_you)
    byline = ", ".join(story.authors) or "no byline"
    parts += [
        Text(""),
        Text.from_markup(f"[dim]Source:[/] {escape(story.source.name)} — {escape(story.canonical_url)}"),
        Text.from_markup(f"[dim]By:[/] {escape(byline)}"),
        Text.from_markup(
            f"[dim]Published:[/] {format_when(story.published_at)}   [dim]Updated:[/] {format_when(story.updated_at)}"
        ),
    ]
    meta = [f"section {story.section}" if story.section else "", f"language {story.language}" if story.language else ""]
    if any(meta):
        parts.append(Text.from_markup(f"[dim]{escape(' · '.join(m for m in meta if m))}[/]"))
    if story.provenance:
        made = ", ".join(f"{name}: {p.method}" for name, p in sorted(story.provenance.items()))
        parts.append(Text.from_markup(f"[dim]How each field was made — {escape(made)}[/]"))
    title = f"story {story.id}" + (f" · version {version}" if version else "")
    return Panel(Group(*parts), title=title, title_align="left")
