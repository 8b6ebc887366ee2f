"""Show a StoryDiff in a terminal: coloured with rich, or plain text with wdiff-style marks.

Plain marks: ``[-removed words-]`` and ``{+added words+}``; lines of removed paragraphs start
with ``- ``, added ones with ``+ ``, reworded ones with ``~ ``. Runs of unchanged paragraphs are
folded into one line.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from rich.text import Text

from archive.diffs import FieldChange, ParagraphOp, StoryDiff, WordOp

__all__ = ["render_diff"]

_DEL, _INS = "red strike", "green"


def _words(ops: tuple[WordOp, ...], color: bool) -> Text:
    text = Text()
    for i, op in enumerate(ops):
        if i:
            text.append(" ")
        if op.op == "equal":
            text.append(op.text)
        elif color:
            text.append(op.text, style=_DEL if op.op == "delete" else _INS)
        else:
            text.append(f"[-{op.text}-]" if op.op == "delete" else f"{{+{op.text}+}}")
    return text


def _value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _field(change: FieldChange, color: bool) -> Iterator[Text]:
    label = Text(f"{change.name}: ", style="bold" if color else "")
    if change.words:
        yield label + _words(change.words, color)
        return
    yield label + Text(f"- {_value(change.old)}", style=_DEL if color else "")
    yield Text(" " * (len(change.name) + 2)) + Text(f"+ {_value(change.new)}", style=_INS if color else "")


def _paragraph(op: ParagraphOp, color: bool) -> Text:
    if op.op == "insert":
        return Text(f"+ {op.new}", style=_INS if color else "")
    if op.op == "delete":
        return Text(f"- {op.old}", style=_DEL if color else "")
    return Text("~ ") + _words(op.words, color)


def render_diff(diff: StoryDiff, *, color: bool, context: int = 1) -> list[Text]:
    """Lines to print: a header, changed fields, then the body with ``context`` unchanged paragraphs
    kept around each change."""
    meta = diff.meta
    lines = [Text(f"{meta.get('url', '')}  version {meta.get('from')} -> {meta.get('to')}",
                  style="bold" if color else "")]
    if meta.get("edits"):
        lines.append(Text("edits: " + ", ".join(meta["edits"]), style="cyan" if color else ""))
    if not diff.changed:
        lines.append(Text("no differences"))
        return lines
    for change in diff.fields:
        lines += list(_field(change, color))
    body = list(diff.body)
    changed = [i for i, op in enumerate(body) if op.op != "equal"]
    if not changed:
        return lines
    lines.append(Text("body:", style="bold" if color else ""))
    keep = {j for i in changed for j in range(i - context, i + context + 1)}
    skipped = 0
    for i, op in enumerate(body):
        if op.op == "equal" and i not in keep:
            skipped += 1
            continue
        if skipped:
            lines.append(Text(f"  … {skipped} unchanged paragraph(s) …", style="dim" if color else ""))
            skipped = 0
        lines.append(Text(f"  {op.new}") if op.op == "equal" else _paragraph(op, color))
    if skipped:
        lines.append(Text(f"  … {skipped} unchanged paragraph(s) …", style="dim" if color else ""))
    return lines
