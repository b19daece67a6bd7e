"""Education hub pages (Wagtail) and the learning pages a care team assigns to a patient.

Page tree (made by rose.hub.setup on every migrate, idempotent):

    HubHomePage            /learn/
      TopicPage            /learn/patients/      audience: patients
        ArticlePage        /learn/patients/<slug>/
        CourseSessionPage  /learn/patients/understanding-pain/ ... (one per group session)
      TopicPage            /learn/clinicians/    audience: clinicians
        ArticlePage        /learn/clinicians/<slug>/
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db import models
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from rose.core.models import AppendOnly, BaseModel

NATIVE_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
RICH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class Audience(models.TextChoices):
    PATIENTS = "patients", "For patients"
    CLINICIANS = "clinicians", "For clinicians"


class VideoBlock(blocks.StructBlock):
    """A link to a video hosted elsewhere (no embed: our content security policy forbids frames)."""

    title = blocks.CharBlock(max_length=200)
    url = blocks.URLBlock(help_text="Link to the video, for example on NHS.UK or YouTube")
    duration = blocks.CharBlock(max_length=40, required=False, help_text="For example, 4 minutes")
    has_captions = blocks.BooleanBlock(required=False, default=True)

    class Meta:
        icon = "media"


class LeafletBlock(blocks.StructBlock):
    """A downloadable leaflet stored as a Wagtail document."""

    document = DocumentChooserBlock()
    description = blocks.CharBlock(max_length=300, required=False)

    class Meta:
        icon = "doc-full"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(max_length=200, form_classname="title", help_text="A level 2 heading")
    paragraph = blocks.RichTextBlock(features=RICH_FEATURES)
    inset = blocks.RichTextBlock(features=RICH_FEATURES, help_text="Shown as NHS inset text")
    warning = blocks.RichTextBlock(features=RICH_FEATURES, help_text="Shown as an NHS warning callout")
    video = VideoBlock()
    leaflet = LeafletBlock()


class SourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=300)
    publisher = blocks.CharBlock(max_length=200, required=False)
    url = blocks.URLBlock(required=False)
    year = blocks.CharBlock(max_length=20, required=False)

    class Meta:
        icon = "link"


class HubHomePage(Page):
    intro = RichTextField(blank=True, features=RICH_FEATURES)

    max_count = 1
    subpage_types = ["hub.TopicPage"]
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    template = "hub/home_page.jinja"

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = TopicPage.objects.child_of(self).live().public().order_by("path")
        context["page_title"] = self.title
        return context


class TopicPage(Page):
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.PATIENTS)
    intro = RichTextField(blank=True, features=RICH_FEATURES)

    parent_page_types = ["hub.HubHomePage", "hub.TopicPage"]
    subpage_types = ["hub.TopicPage", "hub.ArticlePage", "hub.CourseSessionPage"]
    content_panels = [*Page.content_panels, FieldPanel("audience"), FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    template = "hub/topic_page.jinja"

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        children = Page.objects.child_of(self).live().public().specific().order_by("path")
        context["course_sessions"] = [p for p in children if isinstance(p, CourseSessionPage)]
        context["course_sessions"].sort(key=lambda p: p.session_number)
        context["articles"] = [p for p in children if not isinstance(p, CourseSessionPage)]
        context["resources"] = clinician_resources() if self.audience == Audience.CLINICIANS else []
        context["page_title"] = self.title
        return context


def clinician_resources() -> list[dict[str, str]]:
    """Links to ROSE's own tools for clinicians, left out when that part of ROSE is not deployed."""
    wanted = [
        ("medicines:calculator", "Oral morphine equivalent (OME) calculator",
         "Work out a patient's total daily OME from their opioid medicines, with the conversion table shown."),
        ("referrals:start", "Refer a patient to ROSE", "Start a referral (you need a ROSE referrer account)."),
        ("referrals:mine", "Your referrals", "See referrals you have made and their progress."),
    ]
    links = []
    for name, text, description in wanted:
        try:
            links.append({"href": reverse(name), "text": text, "description": description})
        except NoReverseMatch:
            continue
    return links


class ArticlePage(Page):
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.PATIENTS)
    summary = models.CharField(max_length=300, help_text="One or two plain sentences, shown in lists and search")
    body = StreamField(BodyBlock(), use_json_field=True)
    sources = StreamField([("source", SourceBlock())], blank=True, use_json_field=True,
                          help_text="Cite the guidance this page is based on; never copy its text")
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    needs_clinical_review = models.BooleanField(
        default=True, help_text='Shows "Demo content: needs clinical review" until a clinical lead has checked it')

    parent_page_types = ["hub.TopicPage"]
    subpage_types: list[str] = []
    content_panels = [
        *Page.content_panels,
        FieldPanel("audience"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("sources"),
        # Native date inputs: Wagtail's own date chooser needs an inline script our CSP blocks.
        MultiFieldPanel([FieldPanel("last_reviewed", widget=NATIVE_DATE),
                         FieldPanel("next_review_due", widget=NATIVE_DATE),
                         FieldPanel("needs_clinical_review")], heading="Clinical review"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body"),
                     index.FilterField("audience")]
    template = "hub/article_page.jinja"

    @property
    def review_overdue(self) -> bool:
        return self.next_review_due is None or self.next_review_due < timezone.localdate()

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["page_title"] = self.title
        context["today"] = timezone.localdate()
        return context


class CourseSessionPage(ArticlePage):
    """The page for one session of the group course, linked from the group programme."""

    session_number = models.PositiveSmallIntegerField(default=1)
    before_the_session = RichTextField(blank=True, features=RICH_FEATURES)
    try_this_week = RichTextField(blank=True, features=RICH_FEATURES)

    parent_page_types = ["hub.TopicPage"]
    subpage_types: list[str] = []
    content_panels = [
        *ArticlePage.content_panels,
        MultiFieldPanel([FieldPanel("session_number"), FieldPanel("before_the_session"),
                         FieldPanel("try_this_week")], heading="Group session"),
    ]
    search_fields = [*ArticlePage.search_fields, index.SearchField("try_this_week")]
    template = "hub/course_session_page.jinja"


# The group course's sessions, in order, at stable slugs under /learn/patients/.
COURSE_SESSION_SLUGS = (
    "understanding-pain",
    "opioids-and-withdrawal",
    "pacing",
    "mindfulness-and-relaxation",
    "graded-activity",
    "sleep-and-flare-ups",
)


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", "Not started"
    READ = "read", "Read"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Allowed moves: the patient marks read or completed; the team withdraws.
ASSIGNMENT_TRANSITIONS = {
    AssignmentStatus.ASSIGNED: {AssignmentStatus.READ, AssignmentStatus.COMPLETED, AssignmentStatus.WITHDRAWN},
    AssignmentStatus.READ: {AssignmentStatus.COMPLETED, AssignmentStatus.WITHDRAWN},
    AssignmentStatus.COMPLETED: {AssignmentStatus.WITHDRAWN},
    AssignmentStatus.WITHDRAWN: {AssignmentStatus.ASSIGNED},
}


class LearningAssignment(BaseModel):
    """A hub page the care team has asked a patient to read, with the patient's progress."""

    programme = models.ForeignKey("accounts.Programme", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="learning_assignments")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.ASSIGNED)
    assigned_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    read_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["patient", "page"], name="hub_assignment_unique_page")]
        indexes = [models.Index(fields=["programme", "patient", "status"], name="hub_assign_patient")]

    def __str__(self) -> str:
        return f"Learning assignment {self.pk}"


class LearningAssignmentTransition(AppendOnly, models.Model):
    """Immutable history of an assignment's status: who (staff user or "patient"), when, why."""

    assignment = models.ForeignKey(LearningAssignment, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=40, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"


def review_due_default(today: dt.date | None = None) -> dt.date:
    """Pages are reviewed at least once a year."""
    today = today or timezone.localdate()
    return today + dt.timedelta(days=365)
