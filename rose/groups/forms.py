from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from rose.accounts.models import User
from rose.accounts.roles import Role
from rose.core.formrender import personal
from rose.core.forms import NHSDateField, RoseForm
from rose.groups.models import AttendanceStatus, Course


class ChoiceOfModel(forms.ModelChoiceField):
    """A model choice that answers a malformed id with its own "choose from the list" message."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except ValidationError as exc:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from exc


TIME_HELP = "Use the 24-hour clock, for example 14:00"


def _time_field(label: str) -> forms.TimeField:
    return forms.TimeField(label=label, help_text=TIME_HELP, input_formats=["%H:%M", "%H.%M", "%H%M"],
                           error_messages={"required": f"Enter the {label.lower()}",
                                           "invalid": f"{label} must be a time like 14:00"},
                           widget=forms.TextInput(attrs={"inputmode": "numeric"}))


class CohortForm(RoseForm):
    name = forms.CharField(label="Cohort name", max_length=200, help_text="For example, Stockport spring 2027",
                           error_messages={"required": "Enter a name for the cohort"})
    course = ChoiceOfModel(label="Course", queryset=User.objects.none(), empty_label="Choose a course",
                                    error_messages={"required": "Choose a course"})
    start_date = NHSDateField(label="Date of the first session", future_only=True,
                              described_as="the date of the first session", help_text="For example, 15 3 2027")
    start_time = _time_field("Start time")
    venue_address = forms.CharField(label="Venue address (optional if online)", max_length=500, required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    accessibility_notes = forms.CharField(label="Accessibility of the venue (optional)", max_length=1000,
                                          required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                          help_text="For example, step-free access, hearing loop, parking")
    online_link = forms.URLField(label="Online meeting link (optional)", max_length=300, required=False,
                                 assume_scheme="https",
                                 error_messages={"invalid": "Enter the online link as a web address starting https://"})
    capacity = forms.IntegerField(label="Places", min_value=1, max_value=40, initial=12,
                                  error_messages={"required": "Enter how many places there are",
                                                  "min_value": "Places must be 1 or more",
                                                  "max_value": "Places must be 40 or fewer"})
    nurse = ChoiceOfModel(label="Specialist nurse (optional)", queryset=User.objects.none(), required=False,
                                   empty_label="Not chosen yet")
    peer = ChoiceOfModel(label="Expert service user (optional)", queryset=User.objects.none(),
                                  required=False, empty_label="Not chosen yet")

    def __init__(self, *args: Any, courses: QuerySet[Course], staff: QuerySet[User], editing: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["course"]).queryset = courses
        # Only specialist nurses and expert service users are offered; the service still checks the role.
        cast(forms.ModelChoiceField, self.fields["nurse"]).queryset = staff.filter(role=Role.NURSE)
        cast(forms.ModelChoiceField, self.fields["peer"]).queryset = staff.filter(role=Role.PEER)
        for name in ("course", "nurse", "peer"):
            self.fields[name].error_messages["invalid_choice"] = "Choose someone from the list" \
                if name != "course" else "Choose a course from the list"
        if editing:
            for name in ("course", "start_date", "start_time"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean returns (its stub says it may be None)
        if not data.get("venue_address") and not data.get("online_link") and not self.errors:
            self.add_error("venue_address", "Enter a venue address or an online meeting link")
        return data


class SessionMoveForm(RoseForm):
    date = NHSDateField(label="New date", described_as="the new date of the session",
                        help_text="For example, 22 3 2027")
    time = _time_field("New start time")
    reason = forms.CharField(label="Reason (optional)", max_length=300, required=False)

    def starts_at(self) -> dt.datetime:
        from rose.groups.scheduling import local_datetime

        return local_datetime(self.cleaned_data["date"], self.cleaned_data["time"])


class CohortRescheduleForm(RoseForm):
    start_date = NHSDateField(label="New date of the first session", future_only=True,
                              described_as="the new date of the first session",
                              help_text="For example, 15 3 2027. The other sessions follow weekly.")
    start_time = _time_field("Start time")
    reason = forms.CharField(label="Reason (optional)", max_length=300, required=False)


class CohortCancelForm(RoseForm):
    reason = forms.CharField(label="Why is the cohort cancelled?", max_length=300,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Enter why the cohort is cancelled"})


class SessionCancelForm(RoseForm):
    reason = forms.CharField(label="Why is the session cancelled?", max_length=300,
                             error_messages={"required": "Enter why the session is cancelled"})


class OfferForm(RoseForm):
    entry = forms.UUIDField(widget=forms.HiddenInput, error_messages={"invalid": "Choose a patient from the waitlist",
                                                                      "required": "Choose a patient from the waitlist"})


class RespondForm(RoseForm):
    answer = forms.ChoiceField(label="Answer", choices=[("accept", "Accepted the place"),
                                                        ("decline", "Declined the place")],
                               widget=forms.RadioSelect, error_messages={"required": "Select the patient's answer"})


class WithdrawForm(RoseForm):
    reason = forms.CharField(label="Why is the patient withdrawing?", max_length=300,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Enter why the patient is withdrawing"})


class RegisterForm(RoseForm):
    took_place = forms.TypedChoiceField(label="Did the session take place?",
                                        choices=[("yes", "Yes, it took place"), ("no", "No, it was cancelled")],
                                        coerce=lambda value: value == "yes", widget=forms.RadioSelect,
                                        error_messages={"required": "Select whether the session took place"})
    notes = forms.CharField(label="Facilitator notes (optional)", max_length=3000, required=False,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            help_text="Seen by both facilitators. No clinical details.")

    def __init__(self, *args: Any, enrolments: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enrolment_fields = []
        for enrolment in enrolments:
            name = f"a_{enrolment.pk}"
            self.fields[name] = personal(forms.ChoiceField(
                label=f"{enrolment.patient.given_name} {enrolment.patient.family_name}",
                choices=AttendanceStatus.choices, initial=AttendanceStatus.NOT_RECORDED, widget=forms.RadioSelect,
                error_messages={"required": "Select an attendance for each patient"}))
            self.enrolment_fields.append(name)

    def statuses(self) -> dict[str, str]:
        return {name[2:]: self.cleaned_data[name] for name in self.enrolment_fields}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean returns (its stub says it may be None)
        if data.get("took_place") is False and any(
                data.get(name) not in (None, AttendanceStatus.NOT_RECORDED) for name in self.enrolment_fields):
            raise ValidationError("Attendance cannot be recorded for a session that did not take place")
        return data


class FeedRevokeForm(RoseForm):
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


MAX_COURSE_SESSIONS = 12
SPARE_SESSION_ROWS = 3


class CourseForm(RoseForm):
    """A course template: name, completion rule and up to 12 sessions. Rows left blank are ignored,
    so a course gets longer by filling a spare row and shorter by clearing one (no JavaScript)."""

    name = forms.CharField(label="Course name", max_length=200,
                           error_messages={"required": "Enter a name for the course"})
    description = forms.CharField(label="Description (optional)", max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    completion_required = forms.IntegerField(
        label="Sessions a patient must attend to complete the course", min_value=1, max_value=MAX_COURSE_SESSIONS,
        help_text="Attended or late both count",
        error_messages={"required": "Enter how many sessions a patient must attend to complete the course",
                        "min_value": "A patient must attend at least 1 session to complete the course",
                        "max_value": f"A course has at most {MAX_COURSE_SESSIONS} sessions"})

    def __init__(self, *args: Any, rows: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:  # the page's hidden `rows`: keep the rows the user saw, so nothing typed is lost
            with contextlib.suppress(ValueError):
                rows = int(self.data.get("rows") or rows)
        self.session_rows = list(range(1, max(1, min(rows, MAX_COURSE_SESSIONS)) + 1))
        for i in self.session_rows:
            self.fields[f"session_{i}_topic"] = forms.CharField(label="Topic", max_length=200, required=False)
            self.fields[f"session_{i}_duration"] = forms.IntegerField(
                label="Length in minutes", required=False, min_value=15, max_value=480,
                error_messages={"min_value": f"Session {i} must last at least 15 minutes",
                                "max_value": f"Session {i} must last 480 minutes (8 hours) or less",
                                "invalid": f"Enter the length of session {i} in minutes, like 120"},
                widget=forms.TextInput(attrs={"inputmode": "numeric"}))
            self.fields[f"session_{i}_learning_url"] = forms.CharField(
                label="Learning material (optional)", max_length=300, required=False,
                help_text="A hub page such as /learn/patients/pacing/, or a web address starting https://")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean returns (its stub says it may be None)
        sessions = []
        for i in self.session_rows:
            topic = (data.get(f"session_{i}_topic") or "").strip()
            duration = data.get(f"session_{i}_duration")
            link = (data.get(f"session_{i}_learning_url") or "").strip()
            if not topic:
                if duration or link:
                    self.add_error(f"session_{i}_topic", f"Enter a topic for session {i}, or clear its other boxes")
                continue
            if duration is None and f"session_{i}_duration" not in self.errors:
                self.add_error(f"session_{i}_duration", f"Enter how long session {i} lasts, in minutes")
            if link and not ((link.startswith("/") and not link.startswith("//")) or link.startswith("https://")):
                self.add_error(f"session_{i}_learning_url", f"Enter the learning material for session {i} as a hub "
                                                            "page starting / or a web address starting https://")
            sessions.append({"topic": topic, "duration_minutes": duration, "learning_url": link})
        if not sessions and not self.errors:
            self.add_error("session_1_topic", "Enter the topic of at least one session")
        required = data.get("completion_required")
        if sessions and required and required > len(sessions):
            self.add_error("completion_required", f"A patient cannot need more sessions than the course has "
                                                  f"({len(sessions)})")
        data["sessions"] = sessions
        return data
