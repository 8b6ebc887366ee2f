"""The offline default generator: derived fields built from the article's own sentences.

No model and no network; the same input always gives the same output. Every field records the
indexes of the sentences it quotes (positions in ``split_body(article.body)``).
"""

from __future__ import annotations

from archive.story import FieldProvenance
from crawler.normalise.candidates import Candidate, candidates
from crawler.normalise.compress import Compression, compress
from crawler.normalise.explainers import WHAT_CUES, WHY_CUES, pick_explainer
from crawler.normalise.generator import Article, Derivation
from crawler.normalise.ranking import Weights, score, select
from crawler.normalise.tokens import terms

__all__ = ["ExtractiveGenerator", "EXTRACTIVE_VERSION"]

EXTRACTIVE_VERSION = "1.0"


def _bullet_count(usable: int) -> int:
    """3 bullets for short articles, up to 5 for long ones; fewer only when sentences run out."""
    wanted = 3 if usable < 80 else 4 if usable < 150 else 5
    return min(wanted, usable)


class ExtractiveGenerator:
    """Position + centrality + novelty ranking of the article's sentences (see ``ranking``)."""

    name = "extractive"
    version = EXTRACTIVE_VERSION

    def __init__(self, weights: Weights | None = None, bullets: int | None = None,
                 compression: Compression | None = None) -> None:
        self.weights = weights or Weights()
        self.bullets = bullets
        self.compression = compression or Compression(ages=True)

    def _prov(self, picked: list[Candidate], note: str | None = None) -> FieldProvenance:
        return FieldProvenance(method=self.name, version=self.version,
                               sentences=[c.index for c in picked], note=note)

    def rank(self, article: Article) -> tuple[list[Candidate], list[float]]:
        """Candidates and their scores (shared by bullets, summary and explainers)."""
        cands = candidates(article)
        return cands, score(cands, terms(article.headline), self.weights)

    def key_points(self, cands: list[Candidate], scores: list[float]) -> list[tuple[Candidate, str]]:
        """The bullet sentences in reading order, each with its compressed text."""
        usable = sum(1 for s in scores if s != float("-inf"))
        k = self.bullets or _bullet_count(usable)
        return select(cands, scores, k, self.weights, lambda text: compress(text, self.compression))

    def summary(self, cands: list[Candidate], scores: list[float]) -> list[Candidate]:
        """The opening that says what happened: the first real sentence, plus the next if it is short."""
        lead = [c for c, s in zip(cands, scores, strict=True)
                if s != float("-inf") and not c.question and c.n_words >= 5 and c.terminated]
        if not lead:
            lead = [c for c, s in zip(cands, scores, strict=True) if s != float("-inf")]
        picked = lead[:1]
        if picked and picked[0].n_words < 15 and len(lead) > 1 and lead[1].n_words < 30:
            picked.append(lead[1])
        return picked

    def generate(self, article: Article) -> Derivation:
        """All four derived fields with provenance; empty strings where the article has no sentences."""
        cands, scores = self.rank(article)
        picks = self.key_points(cands, scores)
        bullets = [c for c, _ in picks]
        taken = {c.index for c in bullets}
        taken |= {c.index for c in cands if article.key_points and c.text in article.key_points}
        lead = self.summary(cands, scores)
        derivation = Derivation(
            summary=" ".join(c.text for c in lead), bullets=[text for _, text in picks],
            provenance={"summary": self._prov(lead), "bullets": self._prov(bullets)},
        )
        for name, cues in (("why_this_matters", WHY_CUES), ("what_this_means_for_you", WHAT_CUES)):
            cand, matched = pick_explainer(cands, scores, cues, taken)
            if cand is None:
                setattr(derivation, name, "")
                derivation.provenance[name] = self._prov([], note="no unused sentence left")
                continue
            taken.add(cand.index)
            setattr(derivation, name, cand.text)
            note = None if matched else "fallback: no cue sentence, most central unused one"
            derivation.provenance[name] = self._prov([cand], note=note)
        return derivation
