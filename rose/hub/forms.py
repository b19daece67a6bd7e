from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms

from rose.core.forms import RoseForm
from rose.hub.models import ArticlePage, AssignmentStatus


class AssignPageForm(RoseForm):
    page = forms.TypedChoiceField(label="Which page should the patient read?", coerce=int,
                                  error_messages={"required": "Select a page to assign",
                                                  "invalid_choice": "Select a page from the list"})

    def __init__(self, *args: Any, pages: Iterable[ArticlePage] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        page = cast(forms.TypedChoiceField, self.fields["page"])
        page.choices = [("", "Select a page"), *[(p.pk, p.title) for p in pages]]


class ProgressForm(RoseForm):
    status = forms.ChoiceField(choices=[(AssignmentStatus.READ, "Read"), (AssignmentStatus.COMPLETED, "Completed")],
                               error_messages={"invalid_choice": "Choose read or completed"})


class CallBackForm(RoseForm):
    REASONS = [
        ("plan", "A question about my medicine plan"),
        ("symptoms", "Withdrawal symptoms or side effects"),
        ("appointment", "An appointment or group session"),
        ("other", "Something else"),
    ]
    TIMES = [("morning", "Morning"), ("afternoon", "Afternoon"), ("any", "Any time")]
    reason = forms.ChoiceField(label="What would you like to talk about?", choices=REASONS,
                               widget=forms.RadioSelect,
                               error_messages={"required": "Select what you would like to talk about",
                                               "invalid_choice": "Select one of the options"})
    best_time = forms.ChoiceField(label="When is the best time to call you?", choices=TIMES,
                                  widget=forms.RadioSelect,
                                  error_messages={"required": "Select the best time to call you",
                                                  "invalid_choice": "Select one of the options"})


class HubSearchForm(RoseForm):
    q = forms.CharField(label="Search the education hub", max_length=100, required=False)
