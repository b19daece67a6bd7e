"""Starter content for the hub, kept as data: one small Markdown-like file per page.

Front matter (before a line "---"): `title:`, `slug:`, `summary:`, optional `session:` (a group
course session number), `leaflet:` (attach the pacing diary with this description),
`try_this_week:`, and one `source: Publisher | Title | Year | URL` line per citation.

Body: `## Heading`, `> inset text`, `! warning text`, `- list item` lines, `video: Title | URL | duration`,
and paragraphs (blank-line separated). Inline `**bold**` and `[text](https://...)` links.
All written for ROSE, never copied; every page is marked as needing clinical review.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

CONTENT_DIR = Path(__file__).resolve().parent
SECTIONS = ("patients", "clinicians")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+|/[^)\s]*)\)")
_BOLD = re.compile(r"\*\*([^*]+)\*\*")


def inline(text: str) -> str:
    escaped = html.escape(text, quote=False)
    escaped = _LINK.sub(lambda m: f'<a href="{html.escape(m.group(2))}">{m.group(1)}</a>', escaped)
    return _BOLD.sub(r"<b>\1</b>", escaped)


def parse_page(text: str) -> dict[str, Any]:
    head, _, body = text.partition("\n---\n")
    page: dict[str, Any] = {"sources": []}
    for line in head.strip().splitlines():
        key, _, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if key == "source":
            publisher, title, year, url = (part.strip() for part in value.split("|"))
            page["sources"].append({"publisher": publisher, "title": title, "year": year, "url": url})
        elif key == "session":
            page["session"] = int(value)
        elif key == "try_this_week":
            page[key] = f"<p>{inline(value)}</p>"
        else:
            page[key] = value
    page["body"] = parse_body(body)
    return page


def parse_body(text: str) -> str:
    """Return the StreamField body as raw JSON."""
    blocks: list[dict[str, Any]] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.strip().splitlines() if line.strip()]
        if not lines:
            continue
        first = lines[0]
        if first.startswith("## "):
            blocks.append({"type": "heading", "value": first[3:]})
            lines = lines[1:]
            if not lines:
                continue
            first = lines[0]
        if first.startswith("video:"):
            title, url, duration = (part.strip() for part in first[6:].split("|"))
            blocks.append({"type": "video", "value": {"title": title, "url": url, "duration": duration,
                                                      "has_captions": True}})
        elif first.startswith("> "):
            blocks.append({"type": "inset", "value": _paragraphs(line[2:] for line in lines)})
        elif first.startswith("! "):
            blocks.append({"type": "warning", "value": _paragraphs(line[2:] for line in lines)})
        elif first.startswith("- "):
            items = "".join(f"<li>{inline(line[2:])}</li>" for line in lines)
            blocks.append({"type": "paragraph", "value": f"<ul>{items}</ul>"})
        else:
            blocks.append({"type": "paragraph", "value": _paragraphs([" ".join(lines)])})
    return json.dumps(blocks)


def _paragraphs(lines: Any) -> str:
    return "".join(f"<p>{inline(line)}</p>" for line in lines)


def load_content() -> list[dict[str, Any]]:
    pages = []
    for section in SECTIONS:
        for path in sorted((CONTENT_DIR / section).glob("*.md")):
            page = parse_page(path.read_text(encoding="utf-8"))
            page["section"] = section
            pages.append(page)
    return pages
