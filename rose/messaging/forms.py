from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms

from rose.core.forms import RoseForm
from rose.messaging.sms import MAX_LENGTH

if TYPE_CHECKING:
    from rose.accounts.models import User
    from rose.messaging.models import ReplyTemplate


class InboxFilterForm(RoseForm):
    show = forms.ChoiceField(label="Show", required=False, widget=forms.RadioSelect,
                             choices=[("open", "Needs attention"), ("mine", "Assigned to me"),
                                      ("handled", "Handled")])


class ReplyForm(RoseForm):
    template = forms.ChoiceField(label="Saved reply (optional)", required=False,
                                 error_messages={"invalid_choice": "Choose a saved reply from the list"})
    body = forms.CharField(label="Message", required=False, max_length=MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 5, "data-sms-counter": "true"}),
                           help_text=f"Up to {MAX_LENGTH} characters. Texts over 160 characters "
                                     "(70 with emoji or some accented letters) are sent as several parts.",
                           error_messages={"max_length": f"The message must be {MAX_LENGTH} characters or fewer"})

    def __init__(self, *args: Any, templates: Iterable[ReplyTemplate] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].error_messages["invalid_choice"] = "Choose a saved reply from the list"
        self.templates = {str(t.pk): t for t in templates}
        cast(forms.ChoiceField, self.fields["template"]).choices = [("", "None: type a message")] + [
            (pk, t.name) for pk, t in self.templates.items()]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean returns (its stub says it may be None)
        if not self.errors:
            chosen = self.templates.get(data.get("template") or "")
            if not (data.get("body") or "").strip():
                if chosen is None:
                    self.add_error("body", "Enter a message or choose a saved reply")
                else:
                    data["body"] = chosen.body
            data["template_name"] = chosen.name if chosen else ""
        return data


class AssignForm(RoseForm):
    assignee = forms.ChoiceField(label="Assign to", required=False,
                                 error_messages={"invalid_choice": "Choose a member of the team from the list"})

    def __init__(self, *args: Any, staff: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].error_messages["invalid_choice"] = "Choose a member of the team from the list"
        self.staff = {str(user.pk): user for user in staff}
        cast(forms.ChoiceField, self.fields["assignee"]).choices = [("", "Nobody")] + [
            (pk, user.full_name or user.email) for pk, user in self.staff.items()]


class HandledForm(RoseForm):
    outcome = forms.CharField(
        label="What was done", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when the conversation has an urgent item: who was contacted and the outcome.",
        error_messages={"max_length": "The note must be 1000 characters or fewer"})

    def __init__(self, *args: Any, urgent: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.urgent = urgent

    def clean_outcome(self) -> str:
        outcome = (self.cleaned_data.get("outcome") or "").strip()
        if self.urgent and not outcome:
            raise forms.ValidationError("Enter what was done: this conversation has an urgent item")
        return outcome


class PhoneReplyForm(RoseForm):
    body = forms.CharField(label="Reply as the patient", max_length=MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Enter the text the patient sends",
                                           "max_length": f"The text must be {MAX_LENGTH} characters or fewer"})
