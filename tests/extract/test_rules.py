"""Per-outlet rules: each version applies only to its outlet and its dates, and fixes its failure."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.extract import extract
from crawler.extract.rules import RULES, rule_for
from crawler.extract.rules.outlets import DWV1

# Markup shaped like DW's 2023 article info box: the outlet is credited in the structured data,
# the person only in a labelled list item outside <article>.
DW_2023 = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Ukrainische Gegenoffensive: Ziele, Chancen, Risiken | DW | {day}</title>
<meta name="author" content="Deutsche Welle (www.dw.com)"><meta name="publisher" content="Deutsche Welle (www.dw.com)">
<meta property="og:title" content="Ukrainische Gegenoffensive: Ziele, Chancen, Risiken">
<meta property="article:published_time" content="{iso}"></head><body>
<div class="col1"><div class="group"><ul class="smallList"><li><strong>Datum</strong> {day}</li>
<li><strong>Autorin/Autor</strong> Roman Goncharenko</li></ul></div></div>
<article><h1>Ukrainische Gegenoffensive: Ziele, Chancen, Risiken</h1>
<p>Die Ukraine bereitet sich auf eine womöglich entscheidende Gegenoffensive vor, heißt es aus Kiew.</p>
<p>Je länger Kiew wartet, desto besser scheinen die Chancen, sagen Militärexperten in mehreren Ländern.</p>
<p>Westliche Waffenlieferungen sollen bis zum Sommer abgeschlossen sein, berichten Regierungsvertreter.</p>
</article></body></html>"""


def _page(iso: str) -> str:
    return DW_2023.format(iso=iso, day=iso[:10])


def test_dw_v1_reads_the_info_box_author() -> None:
    ex = extract(_page("2023-04-28T10:00:00+02:00"), "https://www.dw.com/de/gegenoffensive/a-65467890")
    assert ex.authors == ["Roman Goncharenko"]
    assert ex.signals["authors"] == "rule:DW.V1"


def test_dw_v1_does_not_apply_after_its_valid_until_date() -> None:
    ex = extract(_page("2024-01-30T10:00:00+01:00"), "https://www.dw.com/de/gegenoffensive/a-65467890")
    assert ex.signals.get("authors") != "rule:DW.V1"


def test_rules_key_on_hosts_not_pages() -> None:
    when = datetime(2023, 4, 28, tzinfo=UTC)
    assert isinstance(rule_for("https://www.dw.com/de/x/a-1", when, RULES), DWV1)
    assert rule_for("https://herald.example/de/x/a-1", when, RULES) is None
    assert rule_for("https://www.dw.com/de/x/a-1", None, RULES) is None  # undated: current layout only


def test_every_rule_documents_why_it_exists() -> None:
    for rule in RULES:
        assert rule.name and rule.hosts and rule.reason and rule.__doc__ and "Failure fixed" in rule.__doc__


# -- Der Postillon: initials in the closing small print ------------------------------------------------
POSTILLON = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Forscher entdecken: Nordsee ist eigentlich ein sehr großer Teich</title>
<meta property="og:title" content="Forscher entdecken: Nordsee ist eigentlich ein sehr großer Teich">
<meta property="og:site_name" content="Der Postillon">
<script type="application/ld+json">{"@context": "http://schema.org", "@type": "BlogPosting",
 "headline": "Forscher entdecken: Nordsee ist eigentlich ein sehr großer Teich",
 "datePublished": "2024-04-25T10:00:00+02:00", "author": {"@type": "Person", "name": "Der Postillon"}}</script>
</head><body><div class="widget Blog" id="Blog1"><article class="blog-post hentry item-post">
<h1 class="post-title entry-title">Forscher entdecken: Nordsee ist eigentlich ein sehr großer Teich</h1>
<div class="post-body entry-content" id="post-body">
<p>Kiel (dpo) - Ein Team von Meeresforschern hat herausgefunden, dass die Nordsee eigentlich nur ein Teich ist.</p>
<p>Die Wissenschaftler hatten über mehrere Jahre hinweg die Wassertiefe an vielen Stellen gemessen.</p>
<p>Anwohner reagierten gelassen und kündigten an, künftig einfach um die Nordsee herumzugehen.</p>
<span style="font-size: x-small;">abc, xyz; Foto [M]: Shutterstock; Erstveröffentlichung: 1.4.19</span>
</div></article></div></body></html>"""


def test_postillon_reads_the_initials_line() -> None:
    ex = extract(POSTILLON, "https://www.der-postillon.com/2024/04/nordsee-teich.html")
    assert ex.authors == ["abc", "xyz"]
    assert ex.signals["authors"] == "rule:Postillon.V1"


def test_postillon_markup_elsewhere_keeps_the_generic_credit() -> None:
    ex = extract(POSTILLON, "https://satire.example/2024/04/nordsee-teich.html")
    assert ex.authors == ["Der Postillon"]


# -- Media Indonesia: JSON-LD names the editor, the header names the writer ----------------------------
MEDIA_INDONESIA = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Petani Muda Raih Beasiswa Pascasarjana</title>
<meta property="og:title" content="Petani Muda Raih Beasiswa Pascasarjana">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Petani Muda Raih Beasiswa Pascasarjana", "datePublished": "2026-01-20T18:30:00+07:00",
 "author": {"@type": "Person", "name": "Budi Santoso"}}</script>
</head><body><section class="detail"><div class="container"><div class="columns"><div class="column is-8">
<div class="post-header"><h1>Petani Muda Raih Beasiswa Pascasarjana</h1>
<div class="info"><div class="author-2">Dewi Lestari</div><span class="datetime"> 20/1/2026 18:30</span></div>
<a href="https://mediaindonesia.com/author/7/budi-santoso" class="author">Budi Santoso</a></div>
<div class="article"><p>Seorang petani muda dari Jawa Barat berhasil meraih beasiswa pascasarjana tahun ini.</p>
<p>Ia mengatakan pendidikan adalah kunci untuk memajukan pertanian di desanya ke depan.</p>
<p>Program beasiswa tersebut dibuka untuk lulusan sarjana dari seluruh daerah di Indonesia.</p></div>
</div></div></div></section></body></html>"""


def test_media_indonesia_credits_the_writer_not_the_editor() -> None:
    ex = extract(MEDIA_INDONESIA, "https://mediaindonesia.com/ekonomi/1/petani-muda-raih-beasiswa")
    assert ex.authors == ["Dewi Lestari"]
    assert extract(MEDIA_INDONESIA, "https://news.example/ekonomi/1/petani").authors == ["Budi Santoso"]


# -- Outlets whose headline is the JSON-LD one (og:title holds a social teaser) ------------------------
# Each row: a page URL of the outlet, its og:title, its JSON-LD headline and its <title> (invented
# texts, in the shape the outlet's pages use).
JSONLD_HEADLINE_PAGES = [
    (
        "https://www.abendblatt.de/hamburg/article1/x.html",
        "Hafen: Was jetzt auf Pendler zukommt",
        "Elbbrücken gesperrt: Pendler müssen Umwege fahren",
        "Hafen: Was jetzt auf Pendler zukommt",
    ),
    (
        "https://www.morgenpost.de/berlin/article1/x.html",
        "Feuer in Spandau: Warnung vor Rauch",
        "Brand in Lagerhalle in Spandau – Starke Rauchentwicklung",
        "Feuer in Spandau: Warnung vor Rauch",
    ),
    (
        "https://www.focus.de/kaufberatung/x_id_1.html",
        "Osterangebote: Viele neue Sets",
        "Osterangebote: Alle Rabatte im Überblick",
        "Osterangebote: Alle Rabatte im Überblick",
    ),
    (
        "https://www.mz.de/deutschland-und-welt/politik/x-1",
        "Bericht: Minister tritt zurück",
        "Nach Affäre: Bericht: Minister tritt zurück",
        "Nach Affäre: Bericht: Minister tritt zurück",
    ),
    (
        "https://www.ndr.de/nachrichten/niedersachsen/x,abc100.html",
        "Forscher warnt: Verlernen wir das Rechnen?",
        "Forscherin aus Kiel warnt: Schüler verlernen das Rechnen",
        "Forscherin aus Kiel warnt | ndr.de",
    ),
    (
        "https://www.t-online.de/nachrichten/ausland/id_1/x.html",
        "Dreimal umbenannt: Frachter gestoppt",
        "Schattenflotte: Marine stoppt sanktionierten Frachter",
        "Schattenflotte: Marine stoppt Frachter",
    ),
    (
        "https://www.corriere.it/esteri/25_gennaio_05/x.shtml",
        "Il premier vola a Washington",
        "Il premier a Washington: «Pronti a lavorare insieme»",
        "Il premier vola a Washington | Corriere.it",
    ),
    (
        "https://www.hankookilbo.com/News/Read/A2025051516330004328",
        '"왜 싸우나"... 고향에서 외친 후보 | 한국일보',
        "왜 싸우나... 고향에서 외친 후보",
        '"왜 싸우나"... 고향에서 외친 후보 | 한국일보',
    ),
    (
        "https://www.rp.pl/polityka/art1-x",
        "Koniec rozmów? Rząd stawia sprawę jasno",
        "Rząd zrezygnował z drugiej rundy rozmów. Powodem żądania opozycji",
        "Koniec rozmów? - rp.pl",
    ),
    (
        "https://www.thesun.co.uk/sport/1/x/",
        "Who is the striker's girlfriend?",
        "Who is the striker's girlfriend and how did they meet?...",
        "Who is the striker's girlfriend | The Sun",
    ),
    (
        "https://www.wired.com/story/best-tents/",
        "The Best Tents for Every Trip",
        "9 Best Tents (2024): Backpacking, Family, Budget",
        "9 Best Tents (2024) | WIRED",
    ),
    (
        "https://www.dailymaverick.co.za/article/2025-05-03-x/",
        "Court concludes hearings on aid",
        "Ruling expected after court concludes hearings on aid obligations",
        "Court concludes hearings on aid",
    ),
]

_JSONLD_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:title" content="{og}">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "{ld}", "datePublished": "2025-05-15T10:00:00+02:00"}}</script></head><body><article>
<p>The council approved the new harbour budget on Tuesday after a debate that lasted most of the day.</p>
<p>Opposition members argued that the plan left too little money for flood defences along the river.</p>
</article></body></html>"""


@pytest.mark.parametrize(("url", "og", "ld", "title"), JSONLD_HEADLINE_PAGES)
def test_jsonld_headline_outlets(url: str, og: str, ld: str, title: str) -> None:
    html = _JSONLD_PAGE.format(title=title, og=og.replace('"', "&quot;"), ld=ld.replace('"', '\\"'))
    ex = extract(html, url)
    assert ex.headline == ld
    assert ex.signals["headline"].startswith("rule:")
    assert extract(html, "https://news.example/a/1").headline != ld  # elsewhere og:title still wins


def test_every_jsonld_headline_rule_has_a_fixture_page() -> None:
    from crawler.extract.rules.headlines import HEADLINE_RULES

    tested = {rule_for(url, None, RULES) for url, *_ in JSONLD_HEADLINE_PAGES}
    assert set(HEADLINE_RULES) <= tested
