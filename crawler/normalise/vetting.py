"""Decide, field by field, whether a model's output may replace the extractive one."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from archive.story import DERIVED_FIELDS, FieldProvenance
from crawler.normalise.faithfulness import SourceIndex, unsupported
from crawler.normalise.generator import Derivation

__all__ = ["vet", "MAX_BULLET_WORDS"]

MAX_BULLET_WORDS = 40
_MAX_TEXT_WORDS = 90
_EXPLAINERS = ("why_this_matters", "what_this_means_for_you")


def _text_problem(value: Any, source: SourceIndex, limit: int) -> str | None:
    """Why one model sentence cannot be kept (None when it can)."""
    if not isinstance(value, str) or not value.strip():
        return "missing or not text"
    if len(value.split()) > limit:
        return f"longer than {limit} words"
    problems = unsupported(value, source)
    return "not in the article: " + ", ".join(problems[:3]) if problems else None


def _bullets_problem(value: Any, source: SourceIndex, minimum: int) -> str | None:
    if not isinstance(value, list) or not value:
        return "missing or not a list"
    if len(value) < minimum:
        return f"only {len(value)} bullets"
    for item in value:
        problem = _text_problem(item, source, MAX_BULLET_WORDS)
        if problem:
            return f"bullet {problem}"
    if len({" ".join(str(v).lower().split()) for v in value}) < len(value):
        return "repeated bullet"
    return None


def _clean(value: Any) -> Any:
    if isinstance(value, list):
        return [" ".join(str(v).split()) for v in value[:5]]
    return " ".join(value.split()) if isinstance(value, str) else value


def vet(
    data: dict[str, Any], fallback: Derivation, source: SourceIndex, model: FieldProvenance
) -> Derivation:
    """Model fields that pass the checks; the fallback's field, with the reason noted, otherwise.

    Explainers must not repeat a bullet; the bullets minimum is 3, or what the article allows.
    """
    out = Derivation(provenance={})
    minimum = min(3, max(1, len(fallback.bullets)))
    for name in DERIVED_FIELDS:
        value = _clean(data.get(name))
        if name == "bullets":
            problem = _bullets_problem(value, source, minimum)
        else:
            problem = _text_problem(value, source, _MAX_TEXT_WORDS)
            kept = {b.lower() for b in out.bullets} | {out.why_this_matters.lower()}
            if problem is None and name != "summary" and value.lower() in kept:
                problem = "repeats a bullet"
        if problem is None:
            setattr(out, name, value)
            out.provenance[name] = replace(model)
            continue
        value = getattr(fallback, name)
        prov = fallback.provenance.get(name) or FieldProvenance(method="extractive")
        note = f"model output rejected ({problem}); extractive fallback"
        if name in _EXPLAINERS and value and value.lower() in {b.lower() for b in out.bullets}:
            value, prov, note = "", replace(prov, sentences=[]), note + " also used as a bullet, left empty"
        setattr(out, name, value)
        out.provenance[name] = replace(prov, note=note)
    return out
