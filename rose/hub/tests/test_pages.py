"""The hub's page tree, starter content, page rendering, unpublished pages, search and review report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.db import reset_queries
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, Site, Workflow

from rose.accounts.roles import Role
from rose.hub.content import load_content
from rose.hub.models import COURSE_SESSION_SLUGS, ArticlePage, CourseSessionPage, HubHomePage
from rose.hub.setup import hub_setup
from rose.hub.tests.factories import article
from tests.roles import check_roles

pytestmark = pytest.mark.django_db


def test_migrate_builds_the_hub_with_starter_content():
    home = HubHomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    patient_pages = ArticlePage.objects.live().filter(audience="patients")
    clinician_pages = ArticlePage.objects.live().filter(audience="clinicians")
    assert patient_pages.count() >= 12
    assert clinician_pages.count() >= 6
    assert all(page.needs_clinical_review and page.sources for page in ArticlePage.objects.all())


def test_setup_is_idempotent():
    before = Page.objects.count()
    hub_setup()
    hub_setup()
    assert Page.objects.count() == before


def test_course_sessions_are_published_at_stable_slugs():
    client = Client()
    for number, slug in enumerate(COURSE_SESSION_SLUGS, start=1):
        page = CourseSessionPage.objects.get(slug=slug)
        assert page.session_number == number
        response = client.get(f"/learn/patients/{slug}/")
        assert response.status_code == 200, slug
        assert b"Demo content: needs clinical review" in response.content


def test_every_starter_page_cites_sources_and_is_flagged_for_review():
    pages = load_content()
    assert len({p["slug"] for p in pages}) == len(pages)
    for page in pages:
        assert page["sources"], page["slug"]
        assert page["summary"], page["slug"]


@pytest.mark.parametrize("path", ["/learn/", "/learn/patients/", "/learn/clinicians/",
                                  "/learn/patients/how-opioids-work/", "/learn/clinicians/ome-and-thresholds/"])
def test_hub_pages_are_public(path):
    response = Client().get(path)
    assert response.status_code == 200
    assert b"<h1>" in response.content


def test_article_shows_review_dates_and_sources():
    page = article(slug="dated", last_reviewed=dt.date(2025, 1, 2), next_review_due=dt.date(2030, 5, 6))
    content = Client().get(page.url).content.decode()
    assert "Last reviewed" in content and "2 January 2025" in content
    assert "6 May 2030" in content
    assert "Source 0" in content


def test_unpublished_page_is_invisible_to_the_public():
    draft = article(slug="secret-draft", title="Secret draft page", live=False)
    client = Client()
    assert client.get("/learn/patients/secret-draft/").status_code == 404
    assert b"Secret draft page" not in client.get("/learn/patients/").content
    assert b"Secret draft page" not in client.get("/hub-search/?q=secret").content
    assert not ArticlePage.objects.live().filter(pk=draft.pk).exists()


def test_search_finds_live_pages():
    response = Client().get("/hub-search/?q=pacing")
    assert response.status_code == 200
    assert b"Pacing: doing a bit, often" in response.content


def test_search_survives_bad_input():
    client = Client()
    assert client.get("/hub-search/?q=" + "x" * 500).status_code == 200
    assert client.get("/hub-search/?q=%00bad").status_code == 200
    assert b"There is a problem" in client.get("/hub-search/?q=%00bad").content


def test_clinician_section_links_to_clinician_tools_that_exist():
    from rose.hub.models import clinician_resources

    response = Client().get("/learn/clinicians/")
    assert b"/medicines/calculator/" in response.content
    assert b"/referrals/start/" in response.content
    for link in clinician_resources():
        assert link["href"].encode() in response.content


def test_review_report_lists_overdue_and_demo_pages(client_for):
    overdue = article(slug="overdue", title="Overdue page", needs_clinical_review=False,
                      next_review_due=timezone.localdate() - dt.timedelta(days=1))
    fine = article(slug="fine", title="Reviewed page", needs_clinical_review=False,
                   next_review_due=timezone.localdate() + dt.timedelta(days=100))
    content = client_for(Role.NURSE).get("/staff-hub/reviews/").content.decode()
    assert overdue.title in content
    assert fine.title not in content
    assert "Understanding long-term pain" in content  # demo content


def test_review_report_roles(client_for):
    check_roles(client_for, "/staff-hub/reviews/", [Role.ADMIN, Role.NURSE, Role.PRESCRIBER])


def test_clinical_review_workflow_and_editor_groups_exist():
    home = HubHomePage.objects.get()
    workflow = Workflow.objects.get(name="Clinical review")
    assert home.get_workflow() == workflow
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Moderators"]
    assert Group.objects.filter(name="Editors", permissions__codename="access_admin").exists()


@pytest.mark.parametrize("sources", [1, 8])
def test_article_runs_a_constant_number_of_queries(sources, django_assert_max_num_queries):
    page = article(slug=f"queries-{sources}", sources=sources)
    client = Client()
    client.get(page.url)  # warm Wagtail's site-root cache, as in a running server
    reset_queries()  # the request_started signal clears the log inside the block
    with django_assert_max_num_queries(9):
        assert client.get(page.url).status_code == 200


def test_course_session_page_runs_a_constant_number_of_queries(django_assert_max_num_queries):
    client = Client()
    client.get("/learn/patients/pacing/")
    reset_queries()  # the request_started signal clears the log inside the block
    with django_assert_max_num_queries(10):  # one more than an article: the leaflet document
        assert client.get("/learn/patients/pacing/").status_code == 200


def test_an_edit_goes_to_clinical_review_before_publishing(make_user):
    from django.contrib.auth.models import Group

    editor = make_user(Role.NURSE)
    editor.groups.add(Group.objects.get(name="Editors"))
    page = ArticlePage.objects.get(slug="pacing").specific
    page.title = "Pacing, edited"
    page.save_revision(user=editor)
    state = page.get_workflow().start(page, editor)
    assert state.current_task_state.task.name == "Clinical review"
    assert Client().get("/learn/patients/pacing/").content.count(b"Pacing, edited") == 0


def test_editor_can_open_the_page_editor_and_review_dates_need_no_inline_script(client_for):
    editor = client_for(Role.NURSE)
    editor.user.groups.add(Group.objects.get(name="Editors"))
    page = ArticlePage.objects.get(slug="pacing")
    response = editor.get(f"/cms/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert b'initDateChooser("id_next_review_due"' not in response.content
    assert b'type="date"' in response.content


def test_the_pacing_leaflet_link_downloads_the_leaflet(client):
    import re

    hub_setup()
    page = client.get("/learn/patients/pacing/").content.decode()
    (href,) = re.findall(r'href="(/hub-documents/[^"]+)"', page)
    response = client.get(href)
    assert response.status_code == 200
    assert b"ROSE pacing diary" in b"".join(response.streaming_content)
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_home_links_clinical_reviewers_to_the_hub_review_list(client_for):
    for role, shown in ((Role.NURSE, True), (Role.PRESCRIBER, True), (Role.ADMIN, True), (Role.COORDINATOR, False),
                        (Role.PEER, False)):
        page = client_for(role).get("/").content.decode()
        assert ("/staff-hub/reviews/" in page) is shown, role


def test_every_default_group_session_links_to_a_hub_page_that_exists(db):
    from rose.groups.services import DEFAULT_TOPICS
    from rose.hub.models import COURSE_SESSION_SLUGS

    assert [slug for _, slug in DEFAULT_TOPICS] == list(COURSE_SESSION_SLUGS)
