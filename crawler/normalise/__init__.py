"""The editorial layer: extracted fields -> portal Story, with summary, bullets and explainers.

No Scrapy imports: the archive's ``renormalise`` command and scripts use it too.
``build_story`` makes a Story from one page's ``Extracted``; ``derive(story, generator)`` recomputes
only the derived fields of an existing Story (fields whose provenance is ``source`` are kept).
Generators follow the ``Generator`` protocol: ``ExtractiveGenerator`` (offline default) and
``ChatCompletionsGenerator`` (any OpenAI-compatible server, checked against the article).
"""

from crawler.normalise.chat import ChatCompletionsGenerator, ChatSettings
from crawler.normalise.extractive import ExtractiveGenerator
from crawler.normalise.generator import Article, Derivation, Generator
from crawler.normalise.sentences import split_body, split_sentences
from crawler.normalise.story import build_story, default_generator, derive

__all__ = [
    "Article", "Derivation", "Generator", "ExtractiveGenerator", "ChatCompletionsGenerator", "ChatSettings",
    "build_story", "derive",
    "default_generator", "split_body", "split_sentences",
]
