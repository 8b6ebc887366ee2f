"""Pick "Why this matters" and "What this means for you" from the article's own sentences.

A sentence qualifies by what it talks about: consequences and stakes for the first, the people
affected and what they can or must do for the second. The cue lists are short stems in the
corpus languages; a sentence's cue count is weighed against its rank so a central sentence with
one cue beats a stray one with two.
"""

from __future__ import annotations

from crawler.extract.casefree import CaseFree
from crawler.normalise.candidates import Candidate

__all__ = ["WHY_CUES", "WHAT_CUES", "cue_score", "pick_explainer"]

_POOL = 20

WHY_CUES = CaseFree(r"\b(?:" + "|".join([
    # en
    r"because", r"could", r"would", r"means?", r"impact", r"affect", r"risk", r"threat", r"danger",
    r"first[- ]ever", r"first time", r"record", r"largest", r"biggest", r"worst", r"billion", r"million",
    r"crisis", r"concern", r"warn", r"significan", r"important", r"consequence", r"lead to", r"result",
    r"stakes?", r"key", r"major", r"historic", r"unprecedented", r"future", r"fear", r"threaten",
    # de / fr / es / it / pt / nl
    r"weil", r"könnte", r"bedeute", r"folgen", r"risiko", r"gefahr", r"erstmals", r"rekord", r"milliard",
    r"parce que", r"pourrait", r"conséquence", r"risque", r"menace", r"première fois", r"record",
    r"porque", r"podría", r"consecuencia", r"riesgo", r"amenaza", r"primera vez", r"millones",
    r"perché", r"potrebbe", r"conseguenz", r"rischio", r"minaccia", r"prima volta", r"miliardi",
    r"poderia", r"consequência", r"ameaça", r"primeira vez", r"bilhões", r"omdat", r"zou kunnen",
    r"gevolgen", r"gevaar", r"miljard",
    # da / sv / no / pl / ru / uk / tr
    r"fordi", r"kunne", r"betyder", r"konsekvens", r"eftersom", r"skulle kunna", r"innebär", r"följder",
    r"ponieważ", r"może", r"skutki", r"ryzyko", r"zagrożeni", r"потому что", r"может", r"последстви",
    r"угроз", r"риск", r"впервые", r"тому що", r"наслідк", r"загроз", r"çünkü", r"risk", r"tehdit",
]) + r")|" + "|".join([
    # ja / zh / ko: no word boundaries in these scripts
    "影響", "懸念", "可能性", "恐れ", "初めて", "ため", "危機",
    "影响", "担忧", "首次", "风险", "因为", "可能",
    "영향", "우려", "가능성", "처음", "때문", "위기",
]))

WHAT_CUES = CaseFree(r"\b(?:" + "|".join([
    r"you", r"your", r"people", r"residents", r"customers", r"consumers", r"patients", r"families",
    r"parents", r"children", r"drivers", r"travell?ers", r"passengers", r"users", r"voters", r"taxpayers",
    r"workers", r"employees", r"households", r"homeowners", r"tenants", r"students", r"fans", r"public",
    r"will have to", r"must", r"should", r"can now", r"advised?", r"recommend", r"deadline", r"prices?",
    r"costs?", r"pay", r"bills?", r"fees?", r"tax", r"services?", r"schools?", r"hospitals?", r"roads?",
    r"from (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|april|next)",
    r"bürger", r"verbraucher", r"kunden", r"patienten", r"familien", r"eltern", r"mieter", r"preise?",
    r"kosten", r"müssen", r"sollten", r"citoyens", r"consommateurs", r"habitants", r"usagers", r"prix",
    r"devront", r"ciudadanos", r"consumidores", r"vecinos", r"precios?", r"deberán", r"cittadini",
    r"consumatori", r"famiglie", r"prezzi", r"dovranno", r"cidadãos", r"consumidores", r"moradores",
    r"preços", r"burgers", r"consumenten", r"prijzen", r"borgere", r"forbrugere", r"priser", r"medborgare",
    r"konsumenter", r"obywatele", r"mieszkańcy", r"ceny", r"граждан", r"жител", r"цены", r"громадян",
    r"мешканц", r"ціни", r"vatandaş", r"fiyat",
]) + r")|" + "|".join([
    "市民", "住民", "利用者", "料金", "必要", "消費者", "居民", "消费者", "价格", "需要", "乘客",
    "시민", "주민", "소비자", "가격", "이용자",
]))


def cue_score(text: str, cues: CaseFree) -> int:
    """How many cue matches a sentence has (capped, so long lists of numbers do not dominate)."""
    return min(3, cues.count(text))


def pick_explainer(cands: list[Candidate], scores: list[float], cues: CaseFree,
                   taken: set[int], max_words: int = 45) -> tuple[Candidate | None, bool]:
    """The best unused candidate for an explainer and whether it matched a cue (else a fallback).

    ``taken`` holds indexes already used (bullets, the other explainer): never reuse a sentence.
    """
    best: tuple[float, Candidate] | None = None
    fallback: tuple[float, Candidate] | None = None
    eligible = [
        (base, cand) for cand, base in zip(cands, scores, strict=True)
        if cand.index not in taken and base != float("-inf") and not cand.question
        and 6 <= cand.n_words <= max_words
    ]
    # Only the best-ranked sentences are worth a cue search: an explainer should be central too.
    for base, cand in sorted(eligible, key=lambda pair: -pair[0])[:_POOL]:
        hits = cue_score(cand.text, cues) if cand.terminated else 0
        if hits and (best is None or base + 0.3 * hits > best[0]):
            best = (base + 0.3 * hits, cand)
        plain = not (cand.quote or cand.pronoun) and cand.terminated and cand.n_words >= 10
        if plain and (fallback is None or base > fallback[0]):
            fallback = (base, cand)
    if best is not None:
        return best[1], True
    return (fallback[1] if fallback else None), False
