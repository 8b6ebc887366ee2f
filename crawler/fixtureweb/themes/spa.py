# ruff: noqa: E501 - markup and script templates read better whole than wrapped
"""Pulse: a JavaScript-only news app. The static HTML is an empty app root saying "Loading latest
headlines…"; an inline script builds the article (and the front page's headline list) from a JSON
blob, so only a browser sees the text."""

from __future__ import annotations

import json
from datetime import datetime

from ..metadata import MetaStyle
from ..pages import ArticlePage, ListingPage, PlainPage, esc

STYLE = MetaStyle(shape="plain", author="person", time="offset", canonical="absolute")
#: In the rendered DOM (after scripts ran), not in the static HTML.
BODY_XPATH = '//div[@class="pulse-body"]/p'
HEADLINE_XPATH = '//h1[@class="pulse-headline"]'
LOADING = "Loading latest headlines…"

_ARTICLE_SCRIPT = """(function () {
  var data = JSON.parse(document.getElementById('__PULSE_STATE__').textContent);
  var root = document.getElementById('app');
  root.innerHTML = '';
  document.title = data.headline + data.suffix;
  var canonical = document.createElement('link');
  canonical.rel = 'canonical'; canonical.href = data.url;
  document.head.appendChild(canonical);
  var article = document.createElement('article');
  var h1 = document.createElement('h1');
  h1.className = 'pulse-headline'; h1.textContent = data.headline;
  article.appendChild(h1);
  var byline = document.createElement('p');
  byline.className = 'pulse-byline'; byline.textContent = 'By ' + data.authors.join(' and ');
  article.appendChild(byline);
  var time = document.createElement('time');
  time.setAttribute('datetime', data.published); time.textContent = data.published_display;
  article.appendChild(time);
  var body = document.createElement('div');
  body.className = 'pulse-body';
  data.paragraphs.forEach(function (text) {
    var p = document.createElement('p'); p.textContent = text; body.appendChild(p);
  });
  article.appendChild(body);
  root.appendChild(article);
})();"""

_LIST_SCRIPT = """(function () {
  var data = JSON.parse(document.getElementById('__PULSE_STATE__').textContent);
  var list = document.getElementById('headlines');
  list.innerHTML = '';
  data.items.forEach(function (item) {
    var li = document.createElement('li'); var a = document.createElement('a');
    a.href = item.href; a.textContent = item.headline; li.appendChild(a); list.appendChild(li);
  });
  document.querySelector('.app-loading').remove();
})();"""


def paths(section: str, published: datetime, slug: str, digest: str) -> tuple[str, str]:
    return f"/story/{slug}-{digest}", f"/static/img/{digest}.png"


def _state(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script id="__PULSE_STATE__" type="application/json">{text}</script>'


def _shell(page: ArticlePage | ListingPage | PlainPage, app: str, state: str, script: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{page.spec.html_lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(page.spec.name)}</title>\n"
        '<link rel="stylesheet" href="/static/app.3f9c2.css">\n</head>\n<body>\n'
        f'<div id="app">{app}</div>\n'
        "<noscript>You need to enable JavaScript to run this app.</noscript>\n"
        f"{state}\n<script>\n{script}\n</script>\n</body>\n</html>\n"
    )


def article(page: ArticlePage) -> str:
    d, s = page.draft, page.state
    data = {
        "url": page.url, "headline": s.headline, "suffix": page.spec.title_suffix, "authors": list(d.authors),
        "published": d.published.isoformat(), "published_display": f"{d.published:%d %B %Y, %H:%M}",
        "modified": s.modified.isoformat(), "section": d.section, "paragraphs": list(s.paragraphs),
    }
    return _shell(page, f'<div class="app-loading"><p>{LOADING}</p></div>', _state(data), _ARTICLE_SCRIPT)


def listing(page: ListingPage) -> str:
    data = {"items": [{"href": it.href, "headline": it.headline} for it in page.items]}
    app = (f'<header><a href="/">{esc(page.spec.name)}</a></header><main><h1>{esc(page.heading)}</h1>'
           f'<div class="app-loading"><p>{LOADING}</p></div><ul id="headlines"></ul></main>')
    return _shell(page, app, _state(data), _LIST_SCRIPT)


def plain(page: PlainPage) -> str:
    body = "".join(f"<p>{esc(p)}</p>" for p in page.paragraphs)
    return _shell(page, f"<main><h1>{esc(page.heading)}</h1>{body}{page.extra_html}</main>", "", "")
