"""Generated news-like stories for the search benchmark: realistic lengths, Zipf-distributed words.

Each story mixes a long tail of words (common English words, then made-up ones, ranked by a Zipf
law as real vocabularies are) with the keywords of one or two topics, so topic queries match a
realistic share of the archive (a few per cent), and common words match most of it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

__all__ = ["GeneratedStory", "generate", "TOPICS"]

_COMMON = """
the of and to a in that is was he for it with as his on be at by had are from this not but they have an which one
were all been her she or there their would will can we if has when who more no out up so said what its about into
than them only other new some could time these two may then do first any my now such like our over man also did
after most before must through back years where much your way well down should because each just those people how
too little state good very make world still own see men work long get here between both life being under never day
same another know while last might us great old year off come since against go came right used take three council
police government minister city week report court health school money public plan market company workers union
local service support water road homes business families residents officials spokesman statement decision
""".split()
TOPICS: dict[str, list[str]] = {
    "flood": ["flood", "defences", "river", "embankment", "rainfall", "agency", "pumping", "storm"],
    "budget": ["budget", "tax", "savings", "library", "spending", "deficit", "councillors", "cuts"],
    "strike": ["strike", "walkout", "pay", "dockers", "picket", "ballot", "wages", "dispute"],
    "election": ["election", "results", "vote", "ballot", "candidate", "turnout", "seat", "majority"],
    "health": ["hospital", "waiting", "patients", "nurses", "surgery", "emergency", "ambulance", "doctors"],
    "economy": ["economy", "economic", "inflation", "interest", "rates", "growth", "recession", "prices"],
    "transport": ["rail", "trains", "bus", "fares", "motorway", "congestion", "timetable", "commuters"],
    "football": ["football", "match", "goal", "striker", "manager", "league", "stadium", "fans"],
    "crime": ["arrest", "charged", "robbery", "detectives", "investigation", "sentence", "prison", "trial"],
    "tech": ["software", "startup", "funding", "engineers", "artificial", "intelligence", "data", "platform"],
    "housing": ["housing", "rent", "tenants", "landlords", "mortgage", "planning", "developers", "affordable"],
    "schools": ["pupils", "teachers", "exams", "curriculum", "headteacher", "ofsted", "classroom", "grades"],
    "energy": ["energy", "bills", "solar", "wind", "turbines", "grid", "gas", "electricity"],
    "weather": ["heatwave", "snow", "frost", "forecast", "temperatures", "warning", "gales", "drought"],
    "politics": ["prime", "minister", "parliament", "opposition", "cabinet", "policy", "debate", "reform"],
    "courts": ["judge", "jury", "verdict", "appeal", "lawyers", "hearing", "barrister", "testimony"],
}
_SYLLABLES = ["ka", "lo", "mer", "tin", "sa", "vel", "dor", "ri", "an", "to", "bel", "gar", "mi", "son", "ter",
              "ul", "ven", "cor", "li", "pa", "ros", "ek", "hal", "ni", "mo", "de", "fry", "wic", "ste", "ham"]
SECTIONS = ("News", "Business", "Politics", "Sport", "Tech", "Local", "World", "Opinion")
LANGUAGES = ("en", "en", "en", "en", "en", "fr", "de")


@dataclass(frozen=True, slots=True)
class GeneratedStory:
    outlet: int
    headline: str
    summary: str
    body: list[str]
    section: str
    language: str
    day: int  # days after the first day of the archive


def _vocabulary(size: int) -> list[str]:
    made_up = ("".join(p) for n in (2, 3, 4) for p in itertools.product(_SYLLABLES, repeat=n))
    words = list(dict.fromkeys(_COMMON))
    topic_words = {w for ws in TOPICS.values() for w in ws}
    words += [w for w in made_up if w not in topic_words][: size - len(words)]
    return words


def generate(count: int, *, seed: int = 11, outlets: int = 40, days: int = 730,
             vocab_size: int = 60_000) -> Iterator[GeneratedStory]:
    """``count`` stories: headlines of 6-14 words, summaries of 20-40, bodies of 250-1100 words in
    paragraphs of 30-90 words (the length range of most news articles)."""
    rng = np.random.default_rng(seed)
    vocab = _vocabulary(vocab_size)
    topic_names = list(TOPICS)
    for _ in range(count):
        topics = [TOPICS[topic_names[i]] for i in rng.choice(len(topic_names), size=rng.integers(1, 3), replace=False)]
        keywords = [w for ws in topics for w in ws]
        length = int(rng.integers(250, 1100))
        ranks = np.minimum(rng.zipf(1.15, size=length + 60) - 1, len(vocab) - 1)
        tokens = [vocab[i] for i in ranks]
        for pos in rng.choice(len(tokens), size=max(3, len(tokens) // 40), replace=False):
            tokens[pos] = keywords[int(rng.integers(len(keywords)))]
        headline_words = int(rng.integers(6, 15))
        head = tokens[:headline_words]
        head[int(rng.integers(len(head)))] = keywords[0]
        summary_words = int(rng.integers(20, 41))
        body_tokens = tokens[headline_words + summary_words:]
        paragraphs, start = [], 0
        while start < len(body_tokens):
            size = int(rng.integers(30, 91))
            chunk = body_tokens[start:start + size]
            paragraphs.append(" ".join(chunk).capitalize() + ".")
            start += size
        yield GeneratedStory(
            outlet=int(rng.integers(outlets)), headline=" ".join(head).capitalize(),
            summary=" ".join(tokens[headline_words:headline_words + summary_words]).capitalize() + ".",
            body=paragraphs, section=SECTIONS[int(rng.integers(len(SECTIONS)))],
            language=LANGUAGES[int(rng.integers(len(LANGUAGES)))], day=int(rng.integers(days)))
