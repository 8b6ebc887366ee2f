"""Deterministic news prose: facts for one story, then headline, standfirst and paragraphs from them."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .locales import FIRST_NAMES, LOCALES, ROLES, SURNAMES
from .topics import GENERIC, TOPICS

__all__ = ["Story", "make_facts", "compose", "person_names", "fill", "slugify"]

_POSITIONS = ("fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh")
_PRODUCTS = ("Tallybook", "Shiftly", "Docketry", "Bookwise", "Ledgerleaf", "Queuebird")
_SCORES = ((2, 1), (3, 1), (1, 0), (3, 2), (2, 0), (4, 2))
#: Per-topic ranges for the figures a story quotes: amount, amount2, pct, pct2, num, num2.
_RANGES: dict[str, dict[str, tuple[int, int]]] = {
    "budget": {"amount": (280, 940), "amount2": (6, 48), "pct": (3, 5), "pct2": (4, 11),
               "num": (26, 34), "num2": (15, 24)},
    "strike": {"amount": (10, 90), "amount2": (2, 9), "pct": (9, 15), "pct2": (3, 6),
               "num": (2, 9), "num2": (1, 2)},
    "flood": {"amount": (24, 96), "amount2": (2, 9), "pct": (14, 41), "pct2": (5, 9),
              "num": (300, 1500), "num2": (1, 9)},
    "election": {"amount": (1, 9), "amount2": (1, 9), "pct": (36, 54), "pct2": (21, 38),
                 "num": (40, 390), "num2": (1, 9)},
    "football": {"amount": (1, 9), "amount2": (1, 9), "pct": (10, 40), "pct2": (5, 9),
                 "num": (2, 9), "num2": (1, 9)},
    "tech": {"amount": (4, 26), "amount2": (30, 60), "pct": (40, 180), "pct2": (5, 9),
             "num": (40, 260), "num2": (1, 9)},
}


@dataclass(frozen=True, slots=True)
class Story:
    """A generated story before any outlet's markup is put around it."""

    headline: str
    standfirst: str
    paragraphs: tuple[str, ...]
    pool: tuple[str, ...]
    headlines: tuple[str, ...]
    corrections: tuple[str, ...]


def person_names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct fictional full names."""
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        if name not in names and name.split()[1] not in {n.split()[1] for n in names}:
            names.append(name)
    return names


def _org(topic: str, loc: Any, facts: dict[str, Any]) -> str:
    return str({
        "budget": "the council", "strike": loc["company"], "flood": "the environment agency",
        "election": "the council's elections office", "football": loc["team"],
        "tech": facts["tech_company"],
    }[topic])


def make_facts(rng: random.Random, locale: str, topic: str, outlet: str, when: datetime) -> dict[str, Any]:
    """Every name and figure one story may quote, drawn once so the story agrees with itself."""
    loc = LOCALES[locale]
    ranges = _RANGES[topic]
    people = person_names(rng, 5)
    roles = ROLES[topic]
    parties = rng.sample(list(loc["parties"]), 2)
    pct = rng.randint(*ranges["pct"])
    score_for, score_against = rng.choice(_SCORES)
    facts: dict[str, Any] = {k: v for k, v in loc.items() if isinstance(v, str)}
    facts.update(
        Tax=str(loc["tax"]).capitalize(), outlet=outlet, day=f"on {when:%A}",
        rival=rng.choice(loc["rivals"]), ward=rng.choice(loc["wards"]),
        party=parties[0], party2=parties[1], tech_company=rng.choice(loc["tech"]),
        product=rng.choice(_PRODUCTS), amount=rng.randint(*ranges["amount"]),
        amount2=rng.randint(*ranges["amount2"]), pct=pct, pct2=rng.randint(*ranges["pct2"]),
        pct3=rng.randint(11, 38), pct_wrong=pct + rng.choice((1, 2, -1)) if pct > 2 else pct + 1,
        num=rng.randint(*ranges["num"]), num2=rng.randint(*ranges["num2"]), num3=rng.randint(12, 40),
        big=f"{rng.randint(1, 9)},{rng.randint(0, 999):03d}",
        big2=f"{rng.randint(10, 40)},{rng.randint(0, 9) * 100:03d}",
        small=rng.randint(3, 9), small2=rng.randint(3, 7), small3=rng.randint(5, 15),
        minute=rng.randint(8, 39), minute2=rng.randint(71, 89),
        score_for=score_for, score_against=score_against, position=rng.choice(_POSITIONS),
        role1=roles[0], role2=roles[1], role3=roles[2],
    )
    for i, name in enumerate(people[:3], start=1):
        facts[f"person{i}"] = name
        facts[f"person{i}_last"] = name.split()[-1]
    facts.update(candidate=people[3], candidate_last=people[3].split()[-1],
                 scorer=people[4], scorer_last=people[4].split()[-1])
    facts["org"] = _org(topic, loc, facts)
    return facts


def fill(template: str, facts: dict[str, Any]) -> str:
    """Fill a template and capitalise its first letter (slots may start with "the ...")."""
    text = template.format_map(facts)
    return text[:1].upper() + text[1:]


def slugify(text: str, words: int = 8) -> str:
    """A URL slug the way news CMSes make them: lower case, hyphens, the first few words."""
    parts = re.sub(r"[^a-z0-9]+", " ", text.lower().replace("'", "")).split()
    return "-".join(parts[:words])


def _paragraph_sizes(rng: random.Random, budget: int) -> list[int]:
    count = rng.randint(6, 10)
    sizes = [rng.choice((2, 2, 3, 3, 3, 4)) for _ in range(count)]
    while sum(sizes) > budget:
        sizes[sizes.index(max(sizes))] -= 1
    return sizes


def compose(rng: random.Random, topic_key: str, facts: dict[str, Any], reserve: int = 8) -> Story:
    """Write one story: the lead first, then topic sentences in narrative order with generic ones mixed in."""
    topic = TOPICS[topic_key]
    lead, rest = topic.sentences[0], list(topic.sentences[1:])
    keep = reserve // 2  # unused sentences kept back from each pool for later edits
    sizes = _paragraph_sizes(rng, len(rest) + len(GENERIC) + 1 - 2 * keep)
    total = sum(sizes)
    n_generic = max(rng.randint(2, 4), total - 1 - (len(rest) - keep))
    generic = rng.sample(list(GENERIC), len(GENERIC))
    picked = sorted(rng.sample(range(len(rest)), total - 1 - n_generic))
    body = [rest[i] for i in picked]
    for sentence in generic[:n_generic]:
        body.insert(rng.randint(1, len(body)), sentence)
    sentences = [fill(s, facts) for s in [lead, *body]]
    paragraphs, start = [], 0
    for size in sizes:
        paragraphs.append(" ".join(sentences[start:start + size]))
        start += size
    unused = [rest[i] for i in range(len(rest)) if i not in set(picked)] + generic[n_generic:]
    rng.shuffle(unused)
    headlines = [fill(h, facts) for h in topic.headlines]
    rng.shuffle(headlines)
    corrections = [fill(c, facts) for c in topic.corrections]
    rng.shuffle(corrections)
    return Story(
        headline=headlines[0], standfirst=fill(rng.choice(topic.standfirsts), facts),
        paragraphs=tuple(paragraphs), pool=tuple(fill(s, facts) for s in unused),
        headlines=tuple(headlines[1:]), corrections=tuple(corrections),
    )
