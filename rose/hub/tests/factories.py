"""Helpers to build hub pages and assignments in tests."""

from __future__ import annotations

import json

from django.utils import timezone

from rose.hub.models import ArticlePage, LearningAssignment, TopicPage
from rose.hub.setup import hub_setup


def hub_home():
    return hub_setup()


def patients_topic() -> TopicPage:
    hub_setup()
    return TopicPage.objects.get(slug="patients")


def article(*, title: str = "Test article", slug: str = "test-article", live: bool = True, sources: int = 1,
            parent: TopicPage | None = None, **fields) -> ArticlePage:
    parent = parent or patients_topic()
    page = ArticlePage(
        title=title, slug=slug, summary="A test page.", audience=parent.audience,
        body=json.dumps([{"type": "heading", "value": "Heading"}, {"type": "paragraph", "value": "<p>Text</p>"}]),
        sources=json.dumps([{"type": "source", "value": {"title": f"Source {n}", "publisher": "NICE",
                                                         "url": "https://www.nice.org.uk/", "year": "2022"}}
                            for n in range(sources)]),
        next_review_due=fields.pop("next_review_due", timezone.localdate()), live=live, **fields)
    parent.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.save_revision()
    return page


def assignment(*, patient, page, status: str = "assigned") -> LearningAssignment:
    return LearningAssignment.objects.create(programme_id=patient.programme_id, patient=patient, page=page,
                                             status=status)
