"""Helpers for extraction tests: build small article pages from parts."""

from __future__ import annotations

import html

BODY = [
    "The council approved the new harbour budget on Tuesday after a debate that lasted most of the day.",
    "Opposition members argued that the plan left too little money for flood defences along the river.",
    "The mayor said the spending would be reviewed in the spring once new forecasts were available.",
]


def page(
    *, head: str = "", body_html: str | None = None, title: str = "Harbour budget approved", lang: str = "en"
) -> str:
    """A complete article page: ``head`` goes into <head>, ``body_html`` (default: three paragraphs)
    into the article."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in BODY)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>{head}'
        f"</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><main><article>"
        f"<h1>{html.escape(title)}</h1>{body_html if body_html is not None else paragraphs}</article></main>"
        f"<footer><p>© 2026 The Harbour Herald</p></footer></body></html>"
    )
