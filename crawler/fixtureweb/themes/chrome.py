# ruff: noqa: E501 - markup and prose templates read better whole than wrapped
"""Page furniture that every outlet has in some form: cookie banner, share bar, newsletter box,
"Most read" list. Each theme words and wraps them its own way; these helpers only vary the text."""

from __future__ import annotations

from ..pages import Chrome, esc, links

__all__ = ["cookie_banner", "share_bar", "newsletter", "most_read", "views"]


def cookie_banner(site: str, cls: str = "cookie-banner") -> str:
    return (
        f'<div id="consent" class="{cls}" role="dialog" aria-label="Cookie consent">'
        f"<p>{esc(site)} and our partners use cookies to personalise content and measure traffic. "
        'You can change your choices at any time in <a href="/privacy/">Privacy settings</a>.</p>'
        '<button type="button" class="accept">Accept all</button>'
        '<button type="button" class="reject">Reject non-essential</button></div>'
    )


def share_bar(url: str, cls: str, label: str = "Share this article") -> str:
    return (
        f'<div class="{cls}"><span class="label">{esc(label)}</span>'
        f'<a class="share facebook" href="https://www.facebook.com/sharer/sharer.php?u={esc(url)}">Facebook</a>'
        f'<a class="share x" href="https://x.com/intent/post?url={esc(url)}">Share on X</a>'
        f'<a class="share email" href="mailto:?subject=From%20the%20newsroom&amp;body={esc(url)}">Email</a>'
        '<button type="button" class="share copy">Copy link</button></div>'
    )


def newsletter(title: str, pitch: str, cls: str) -> str:
    return (
        f'<aside class="{cls}"><h2>{esc(title)}</h2><p>{esc(pitch)}</p>'
        '<form action="/newsletters/subscribe" method="post"><label>Email address '
        '<input type="email" name="email" placeholder="you@example.com"></label>'
        '<button type="submit">Sign up</button></form>'
        "<p class=\"small\">By signing up you agree to our terms. You can unsubscribe at any time.</p></aside>"
    )


def most_read(chrome: Chrome, title: str, cls: str = "most-read") -> str:
    return f'<aside class="{cls}"><h2>{esc(title)}</h2><ol>{links(chrome.most_read)}</ol></aside>'


def views(chrome: Chrome, cls: str, unit: str = "views") -> str:
    return f'<span class="{cls}">{chrome.views:,} {unit}</span>'
