"""The chat-completions generator against a local fake server: good, bad and hostile replies."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from archive.story import SourceRef, Story
from crawler.extract.result import Extracted
from crawler.normalise import ChatCompletionsGenerator, ChatSettings, build_story
from crawler.normalise.generator import Article
from crawler.normalise.story import derive

MakeExtracted = Callable[..., Extracted]
BuildStory = Callable[..., Story]

KEY = "sk-test-secret-123"
GOOD: dict[str, Any] = {
    "summary": "Harbourton's council voted to close the old ferry terminal by March.",
    "bullets": ["The council voted 7 to 2 to close the ferry terminal.",
                "Mayor Ana Ruiz said the terminal had lost money for a decade.",
                "Commuters will have to switch to the new bus line."],
    "why_this_matters": "The closure ends 120 years of service and could put 40 jobs at risk.",
    "what_this_means_for_you": "Ferry commuters will pay 2.50 euros a trip on the new bus line.",
}

Reply = Callable[[BaseHTTPRequestHandler], None]


def _json(status: int, payload: Any) -> Reply:
    def reply(handler: BaseHTTPRequestHandler) -> None:
        body = (payload if isinstance(payload, bytes) else json.dumps(payload).encode())
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    return reply


def _content(content: str | None, **message: Any) -> Reply:
    message = {"role": "assistant", "content": content, **message}
    return _json(200, {"choices": [{"index": 0, "message": message}]})


class _Server:
    """An OpenAI-compatible endpoint on 127.0.0.1, port 0, in a thread; replies set per test."""

    def __init__(self) -> None:
        self.reply: Reply = _content(json.dumps(GOOD))
        self.requests: list[dict[str, Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                length = int(self.headers.get("Content-Length", 0))
                outer.requests.append({"path": self.path, "headers": dict(self.headers),
                                       "body": json.loads(self.rfile.read(length))})
                outer.reply(self)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"


@pytest.fixture(scope="module")
def server() -> Iterator[_Server]:
    srv = _Server()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


def _generator(server: _Server, timeout: float = 5.0) -> ChatCompletionsGenerator:
    settings = ChatSettings(base_url=server.base_url, model="tiny", api_key=KEY, timeout=timeout)
    return ChatCompletionsGenerator(settings)


@pytest.fixture
def story_for(server: _Server, extracted: MakeExtracted, source: SourceRef) -> BuildStory:
    """Build the sample story with the model generator after setting the server's reply."""
    def build(reply: Reply, timeout: float = 5.0) -> Story:
        server.reply = reply
        return build_story(extracted(), source, canonical_url="u", generator=_generator(server, timeout))
    return build


def _all_fallback(story: Story, reason: str) -> None:
    for name in ("summary", "bullets", "why_this_matters", "what_this_means_for_you"):
        prov = story.provenance[name]
        assert prov.method == "extractive", name
        assert reason in (prov.note or ""), (name, prov.note)
    assert story.bullets and story.summary


def test_good_reply_is_kept_and_request_is_well_formed(server: _Server, story_for: BuildStory) -> None:
    story = story_for(_content(json.dumps(GOOD)))
    assert story.bullets == GOOD["bullets"] and story.summary == GOOD["summary"]
    for name in ("summary", "bullets", "why_this_matters", "what_this_means_for_you"):
        assert story.provenance[name].method == "chat-completions"
        assert story.provenance[name].version == "house-1:tiny"
    request = server.requests[-1]
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == f"Bearer {KEY}"
    assert request["body"]["model"] == "tiny"
    assert request["body"]["response_format"] == {"type": "json_object"}
    assert "ferry terminal" in request["body"]["messages"][1]["content"]


def test_fenced_json_is_accepted(server: _Server, story_for: BuildStory) -> None:
    story = story_for(_content("Here you go:\n```json\n" + json.dumps(GOOD) + "\n```"))
    assert story.provenance["bullets"].method == "chat-completions"


def test_malformed_reply_falls_back(server: _Server, story_for: BuildStory) -> None:
    _all_fallback(story_for(_content("{not json")), "not JSON")


def test_server_reply_not_json_falls_back(server: _Server, story_for: BuildStory) -> None:
    _all_fallback(story_for(_json(200, b"<html>oops</html>")), "not JSON")


def test_missing_choices_falls_back(server: _Server, story_for: BuildStory) -> None:
    _all_fallback(story_for(_json(200, {"object": "chat.completion"})), "no choices")


def test_http_500_falls_back(server: _Server, story_for: BuildStory) -> None:
    _all_fallback(story_for(_json(500, {"error": {"message": "boom"}})), "HTTP 500")


def test_refusal_field_falls_back(server: _Server, story_for: BuildStory) -> None:
    _all_fallback(story_for(_content(None, refusal="I can't help with that.")), "refused")


def test_prose_refusal_falls_back(server: _Server, story_for: BuildStory) -> None:
    _all_fallback(story_for(_content("I'm sorry, but I can't summarise this article.")), "not JSON")


def test_timeout_falls_back(server: _Server, story_for: BuildStory) -> None:
    def slow(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(1.0)
        try:
            _content(json.dumps(GOOD))(handler)
        except OSError:
            pass  # the client gave up, as it should

    start = time.perf_counter()
    _all_fallback(story_for(slow, timeout=0.3), "no answer")
    assert time.perf_counter() - start < 0.9


def test_unreachable_server_falls_back(extracted: MakeExtracted, source: SourceRef) -> None:
    gen = ChatCompletionsGenerator(ChatSettings(base_url="http://127.0.0.1:9/v1", model="m", timeout=1))
    _all_fallback(build_story(extracted(), source, canonical_url="u", generator=gen), "no answer")


def test_invented_number_falls_back_for_that_field_only(server: _Server, story_for: BuildStory) -> None:
    bad = dict(GOOD, why_this_matters="The closure could put 400 jobs at risk.")
    story = story_for(_content(json.dumps(bad)))
    prov = story.provenance["why_this_matters"]
    assert prov.method == "extractive" and "number '400'" in (prov.note or "") and prov.sentences
    assert story.why_this_matters != bad["why_this_matters"]
    assert story.why_this_matters not in story.bullets
    assert story.provenance["bullets"].method == "chat-completions"


def test_invented_person_in_a_bullet_falls_back(server: _Server, story_for: BuildStory) -> None:
    bad = dict(GOOD, bullets=GOOD["bullets"][:2] + ["Deputy mayor John Carter opposed the plan."])
    story = story_for(_content(json.dumps(bad)))
    prov = story.provenance["bullets"]
    assert prov.method == "extractive" and "name 'John'" in (prov.note or "")
    assert "John Carter" not in " ".join(story.bullets)
    assert story.provenance["summary"].method == "chat-completions"


def test_invented_quote_and_wrong_types_fall_back(server: _Server, story_for: BuildStory) -> None:
    bad = dict(GOOD, summary='Ruiz said "this is a sad day" for the city.', bullets="not a list",
               what_this_means_for_you=GOOD["bullets"][0])
    story = story_for(_content(json.dumps(bad)))
    assert "quote" in (story.provenance["summary"].note or "")
    assert "not a list" in (story.provenance["bullets"].note or "")
    assert story.provenance["why_this_matters"].method == "chat-completions"
    assert story.what_this_means_for_you not in story.bullets


def test_explainer_repeating_a_bullet_is_rejected(server: _Server, story_for: BuildStory) -> None:
    bad = dict(GOOD, what_this_means_for_you=GOOD["bullets"][2])
    story = story_for(_content(json.dumps(bad)))
    assert "repeats a bullet" in (story.provenance["what_this_means_for_you"].note or "")


def test_key_never_logged_or_recorded(
    server: _Server, story_for: BuildStory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    gen = _generator(server)
    story = story_for(_json(500, {"error": KEY}))
    assert KEY not in caplog.text
    assert KEY not in json.dumps(story.to_dict())
    assert KEY not in repr(gen) and KEY not in repr(gen.settings)


def test_derive_with_model_keeps_content(
    server: _Server, extracted: MakeExtracted, source: SourceRef
) -> None:
    server.reply = _content(json.dumps(GOOD))
    story = build_story(extracted(), source, canonical_url="u")
    again = derive(story, _generator(server))
    assert again.bullets == GOOD["bullets"] and again.body == story.body


def test_empty_body_does_not_call_the_model(server: _Server) -> None:
    before = len(server.requests)
    derivation = _generator(server).generate(Article(headline="H", body=()))
    assert derivation.bullets == [] and len(server.requests) == before


def test_both_generators_satisfy_the_protocol(server: _Server) -> None:
    from crawler.normalise import ExtractiveGenerator, Generator

    assert isinstance(ExtractiveGenerator(), Generator)
    assert isinstance(_generator(server), Generator)
