"""Build the hub on a fresh database: page tree, starter content, editor groups and the
"Clinical review" workflow. Idempotent: run after every `migrate` (post_migrate, see apps.py)
and by `manage.py hub_setup`. Pages that already exist (by slug) are never overwritten, so
editors' changes survive."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from rose.hub.content import load_content
from rose.hub.models import ArticlePage, Audience, CourseSessionPage, HubHomePage, TopicPage

EDITORS = "Editors"
MODERATORS = "Moderators"
WORKFLOW_NAME = "Clinical review"
FIRST_REVIEW_AFTER = dt.timedelta(days=90)

TOPICS = [
    ("patients", "For patients", Audience.PATIENTS,
     "<p>Short, plain guides about living with long-term pain and cutting down opioid painkillers. "
     "Your care team may ask you to read some of them.</p>"),
    ("clinicians", "For clinicians", Audience.CLINICIANS,
     "<p>Guidance for GPs, pharmacists and nurses who refer to ROSE or support a patient who is "
     "reducing opioids.</p>"),
]


@transaction.atomic
def hub_setup(stdout: Any = None) -> HubHomePage:
    _wagtail_basics()
    home = _home_page()
    topics = {slug: _topic(home, slug, title, audience, intro) for slug, title, audience, intro in TOPICS}
    leaflet = _leaflet()
    created = 0
    for item in load_content():
        created += _content_page(topics[item["section"]], item, leaflet)
    _groups(home)
    _workflow(home)
    if stdout is not None and created:
        stdout.write(f"Education hub: {created} starter pages published\n")
    return home


def _wagtail_basics() -> None:
    """Wagtail's own data migrations make a locale and a root collection; a test flush removes them."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def _home_page() -> HubHomePage:
    home = HubHomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = HubHomePage(title="Learn about pain and opioids", slug="learn", intro=(
        "<p>Guides from the ROSE opioid reduction service, for patients and their families, and for "
        "the clinicians who care for them.</p>"))
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                            site_name="ROSE education hub")
    else:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "ROSE education hub"
        site.save()
        # Wagtail's placeholder "Welcome" page is replaced by the hub.
        if old_root.specific_class is Page and old_root.pk != home.pk and old_root.is_leaf():
            old_root.delete()
    return home


def _topic(home: HubHomePage, slug: str, title: str, audience: str, intro: str) -> TopicPage:
    topic = TopicPage.objects.child_of(home).filter(slug=slug).first()
    if topic is None:
        topic = TopicPage(title=title, slug=slug, audience=audience, intro=intro)
        home.add_child(instance=topic)
        topic.save_revision().publish()
    return topic


def _leaflet() -> Any:
    from wagtail.documents import get_document_model

    document_model = get_document_model()
    leaflet = document_model.objects.filter(title="Pacing diary (printable)").first()
    if leaflet is None:
        leaflet = document_model(title="Pacing diary (printable)", collection=Collection.get_first_root_node())
        leaflet.file.save("pacing-diary.txt", ContentFile(PACING_DIARY.encode()), save=False)
        leaflet.save()
    return leaflet


PACING_DIARY = """ROSE pacing diary (demo content: needs clinical review)

Write down one activity a day. Start at a level you can manage on a bad day.

Day | Activity | How long I planned | How long I did | Pain before (0-10) | Pain after (0-10)
Mon |          |                    |                |                    |
Tue |          |                    |                |                    |
Wed |          |                    |                |                    |
Thu |          |                    |                |                    |
Fri |          |                    |                |                    |
Sat |          |                    |                |                    |
Sun |          |                    |                |                    |

Each week, add a little time only if the week went well.
"""


def _content_page(topic: TopicPage, item: dict[str, Any], leaflet: Any) -> int:
    if Page.objects.child_of(topic).filter(slug=item["slug"]).exists():
        return 0
    body = json.loads(item["body"])
    if item.get("leaflet"):
        body.append({"type": "leaflet", "value": {"document": leaflet.pk, "description": item["leaflet"]}})
    fields = {
        "title": item["title"], "slug": item["slug"], "summary": item["summary"], "audience": topic.audience,
        "body": json.dumps(body), "sources": json.dumps([{"type": "source", "value": s} for s in item["sources"]]),
        "last_reviewed": None, "next_review_due": timezone.localdate() + FIRST_REVIEW_AFTER,
        "needs_clinical_review": True,
    }
    if item.get("session"):
        page: ArticlePage = CourseSessionPage(session_number=item["session"],
                                              try_this_week=item.get("try_this_week", ""), **fields)
    else:
        page = ArticlePage(**fields)
    topic.add_child(instance=page)
    page.save_revision().publish()
    return 1


def _groups(home: HubHomePage) -> None:
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    page_perms = {code: Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{code}_page")
                  for code in ("add", "change", "publish")}
    doc_perms = {code: Permission.objects.get(content_type__app_label="wagtaildocs", codename=f"{code}_document")
                 for code in ("add", "change", "choose")}
    collection = Collection.get_first_root_node()
    for name, page_codes in ((EDITORS, ("add", "change")), (MODERATORS, ("add", "change", "publish"))):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for code in page_codes:
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=page_perms[code])
        for permission in doc_perms.values():
            GroupCollectionPermission.objects.get_or_create(group=group, collection=collection,
                                                            permission=permission)


def _workflow(home: HubHomePage) -> None:
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW_NAME)
        task.groups.set([Group.objects.get(name=MODERATORS)])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
