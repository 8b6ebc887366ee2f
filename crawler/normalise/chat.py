"""A generator that asks an OpenAI-compatible chat-completions server (Ollama, llama.cpp, vLLM...).

The model writes in the portal's house style; each field it returns is checked against the
article (``faithfulness``) and replaced by the extractive default when it names a person,
organisation, number or quote the article does not contain, with the reason in
``provenance.note``. Any transport or format failure falls back the same way. The API key is
never logged or put in a note or exception.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from archive.story import FieldProvenance
from crawler.normalise.extractive import ExtractiveGenerator
from crawler.normalise.faithfulness import SourceIndex
from crawler.normalise.generator import Article, Derivation, Generator
from crawler.normalise.vetting import vet

__all__ = ["ChatSettings", "ChatCompletionsGenerator", "ChatError", "PROMPT_VERSION"]

logger = logging.getLogger(__name__)

PROMPT_VERSION = "house-1"
_MAX_ARTICLE_CHARS = 12000
_SYSTEM = """You are a sub-editor on a news portal. From the article you are given, write:
- "summary": one or two sentences saying what happened (the standfirst);
- "bullets": 3 to 5 key points, each a short self-contained sentence under 30 words, most important
  first, no repetition, never starting with a pronoun when the article names the person;
- "why_this_matters": one or two sentences on the stakes or consequences;
- "what_this_means_for_you": one or two sentences on who is affected and how.
Use only facts stated in the article: no names, numbers, dates or quotes that it does not contain.
Write in the language of the article. Reply with one JSON object with exactly these four keys."""


class ChatError(RuntimeError):
    """The server could not give a usable answer; the message is safe to log (no key)."""


@dataclass(frozen=True, slots=True)
class ChatSettings:
    """Where the model lives. ``base_url`` ends before ``/chat/completions`` (e.g. ``.../v1``)."""

    base_url: str
    model: str
    api_key: str | None = field(default=None, repr=False)
    timeout: float = 60.0
    temperature: float = 0.2
    max_tokens: int = 900
    json_mode: bool = True  # send response_format json_object (Ollama, llama.cpp, vLLM accept it)


def _strip_fences(text: str) -> str:
    match = re.search(r"```(?:json)?\s*(.*?)```", text, re.S)
    if match:
        return match.group(1)
    start, end = text.find("{"), text.rfind("}")
    return text[start:end + 1] if start != -1 and end > start else text


def parse_reply(payload: dict[str, Any]) -> dict[str, Any]:
    """The four fields from a chat-completions reply; ``ChatError`` for refusals and bad shapes."""
    try:
        message = payload["choices"][0]["message"]
    except (KeyError, IndexError, TypeError) as exc:
        raise ChatError("reply has no choices[0].message") from exc
    if message.get("refusal"):
        raise ChatError("model refused")
    content = message.get("content")
    if not isinstance(content, str) or not content.strip():
        raise ChatError("reply has no content")
    try:
        data = json.loads(_strip_fences(content))
    except json.JSONDecodeError as exc:
        raise ChatError("reply is not JSON (refusal or malformed)") from exc
    if not isinstance(data, dict):
        raise ChatError("reply JSON is not an object")
    return data


class ChatCompletionsGenerator:
    """Model-written derived fields, checked against the article, extractive fallback per field."""

    name = "chat-completions"

    def __init__(self, settings: ChatSettings, fallback: Generator | None = None) -> None:
        self.settings = settings
        self.fallback = fallback or ExtractiveGenerator()
        self.version = f"{PROMPT_VERSION}:{settings.model}"

    def __repr__(self) -> str:
        return f"ChatCompletionsGenerator(base_url={self.settings.base_url!r}, model={self.settings.model!r})"

    def _request(self, article: Article) -> dict[str, Any]:
        text = "\n\n".join(article.body)[:_MAX_ARTICLE_CHARS]
        body: dict[str, Any] = {
            "model": self.settings.model, "temperature": self.settings.temperature,
            "max_tokens": self.settings.max_tokens,
            "messages": [{"role": "system", "content": _SYSTEM},
                         {"role": "user", "content": f"Headline: {article.headline}\n\nArticle:\n{text}"}],
        }
        if self.settings.json_mode:
            body["response_format"] = {"type": "json_object"}
        return body

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        url = self.settings.base_url.rstrip("/") + "/chat/completions"
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.settings.api_key:
            headers["Authorization"] = f"Bearer {self.settings.api_key}"
        request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.settings.timeout) as response:  # noqa: S310
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise ChatError(f"HTTP {exc.code} from {url}") from None
        except (TimeoutError, urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ChatError(f"no answer from {url}: {type(reason).__name__}") from None
        try:
            payload = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise ChatError("server reply is not JSON") from None
        if not isinstance(payload, dict):
            raise ChatError("server reply is not a JSON object")
        return payload

    def generate(self, article: Article) -> Derivation:
        """Model fields where they pass the checks, extractive ones (with a note) where not."""
        fallback = self.fallback.generate(article)
        if not any(p.strip() for p in article.body):
            return fallback
        try:
            data = parse_reply(self._post(self._request(article)))
        except ChatError as exc:
            logger.warning("model %s unusable: %s", self.settings.model, exc)
            return _noted(fallback, f"model reply unusable: {exc}")
        source = SourceIndex(article.headline + "\n" + "\n".join(article.body), article.language)
        return vet(data, fallback, source, FieldProvenance(method=self.name, version=self.version))


def _noted(derivation: Derivation, note: str) -> Derivation:
    for prov in derivation.provenance.values():
        prov.note = note if not prov.note else f"{note}; {prov.note}"
    return derivation
