"""The version diff and the edit classes (pure functions over Story objects)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest

from archive.diffs import diff_versions, diff_words
from archive.edits import EDIT_KINDS, classify, classify_with_detail
from tests.research.builders import BODY, make_story

LATER = timedelta(hours=2)


def test_diff_reports_fields_paragraphs_and_words() -> None:
    old = make_story()
    new = make_story(headline="Freeport strike: talks collapse as backlog grows",
                     body=[BODY[0], BODY[1].replace("8,782", "9,100"), BODY[2], "A new paragraph about hauliers.",
                           BODY[4]], authors=["Ada Lovelace", "Grace Hopper"])
    diff = diff_versions(old, new)
    assert diff.changed
    assert {f.name for f in diff.fields} == {"headline", "authors"}
    headline = diff.field("headline")
    assert headline is not None and ("insert", "backlog grows") in [(w.op, w.text) for w in headline.words]
    ops = [(p.op, p.old_index, p.new_index) for p in diff.body]
    assert ("replace", 1, 1) in ops and ("equal", 0, 0) in ops and ("equal", 4, 4) in ops
    assert diff.counts() == {"insert": 1, "delete": 1, "replace": 1, "equal": 3}
    replaced = next(p for p in diff.body if p.op == "replace")
    assert [(w.op, w.text) for w in replaced.words if w.op != "equal"] == [("delete", "8,782"), ("insert", "9,100")]
    data = json.loads(json.dumps(diff.to_dict()))
    assert data["changed"] is True and data["fields"][0]["field"] in ("headline", "authors")


def test_identical_versions_have_no_diff() -> None:
    assert not diff_versions(make_story(), make_story()).changed


def test_word_diff() -> None:
    assert [(w.op, w.text) for w in diff_words("a b c", "a x c")] == [
        ("equal", "a"), ("delete", "b"), ("insert", "x"), ("equal", "c")]


def _bumped(**fields: object) -> object:
    old = make_story()
    assert old.updated_at is not None
    return old, make_story(updated_at=old.updated_at + LATER, **fields)


@pytest.mark.parametrize(("change", "kinds"), [
    ({"headline": "Dock strike leaves ships stranded"}, ["headline_rewrite", "modified_bump"]),
    ({"body": [*BODY, "Correction: An earlier version of this article gave the wrong pay offer."]},
     ["correction", "modified_bump"]),
    ({"body": [*BODY, "Update: Talks resumed on Tuesday evening, the union said."]},
     ["update_appended", "modified_bump"]),
    ({"body": [*BODY[:4], "Police said the picket had been peaceful throughout the day.", BODY[4]]},
     ["paragraph_added", "modified_bump"]),
    ({"body": [*BODY[:2], *BODY[3:]]}, ["paragraph_removed", "modified_bump"]),
    ({"body": [BODY[0], BODY[1] + " Members voted 91% in favour.", *BODY[2:]]},
     ["paragraph_rewritten", "modified_bump"]),
    ({"authors": ["Grace Hopper"]}, ["byline_change", "modified_bump"]),
    ({}, ["modified_bump"]),
])
def test_each_edit_kind(change: dict[str, object], kinds: list[str]) -> None:
    old, new = _bumped(**change)
    assert classify(old, new) == kinds  # type: ignore[arg-type]


def test_stealth_edit_is_flagged_when_the_modified_time_stays() -> None:
    old = make_story()
    new = make_story(body=[BODY[0], BODY[1] + " Members voted 91% in favour.", *BODY[2:]])
    assert classify(old, new) == ["paragraph_rewritten", "stealth_edit"]
    # No modified time on the page at all: nothing to be stealthy about.
    assert "stealth_edit" not in classify(replace(old, updated_at=None), replace(new, updated_at=None))


def test_date_change_and_details() -> None:
    old = make_story()
    assert old.published_at is not None
    new = replace(old, published_at=old.published_at - timedelta(days=1))
    found = classify_with_detail(old, new)
    assert list(found) == ["date_change"] and found["date_change"]["field"] == "published_at"


def test_noise_is_not_an_edit() -> None:
    old = make_story()
    new = make_story(body=["· Updated", *BODY, "1,234 views"], updated_at=old.updated_at)
    assert classify(old, new) == []


def test_kinds_are_known() -> None:
    old, new = _bumped(headline="New", authors=["X"])
    assert set(classify(old, new)) <= set(EDIT_KINDS)  # type: ignore[arg-type]
