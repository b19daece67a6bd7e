"""Forms built from an instrument definition: one page of questions, or the whole instrument (phone)."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from rose.core import presenters
from rose.core.forms import RoseForm
from rose.outcomes import instruments as defs


def _item_field(item: dict[str, Any], *, required: bool) -> forms.Field:
    label = item["text"]
    if defs.is_text_item(item):
        return forms.CharField(label=label, required=False, max_length=int(item.get("max_length", 1000)),
                               widget=forms.Textarea(attrs={"rows": 4}), help_text="Optional. Do not include names.")
    choices = [(str(option["value"]), option["label"]) for option in item["options"]]
    if not required:
        choices = [*choices, ("", "Not answered")]
    field = forms.TypedChoiceField(label=label, choices=choices, coerce=int, empty_value=None, required=required,
                                   widget=forms.RadioSelect)
    field.error_messages["required"] = "Select an answer, or choose 'Skip this question'"
    return field


class QuestionPageForm(RoseForm):
    """The questions on one page. Answers outside the options are refused (tampered or stale forms)."""

    def __init__(self, *args: Any, definition: dict[str, Any], item_codes: list[str], skipping: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.skipping = skipping
        items = defs.item_map(definition)
        for code in item_codes:
            self.fields[code] = _item_field(items[code], required=not skipping and not defs.is_text_item(items[code]))
        for name, field in self.fields.items():
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = "Select one of the answers shown"
            self.fields[name] = field

    def answers(self) -> dict[str, Any]:
        """A skipped question is saved as not answered, so resuming moves past it."""
        if self.skipping:
            return {code: None for code in self.fields}
        return {code: (None if value == "" else value) for code, value in self.cleaned_data.items()}


class PhoneEntryForm(RoseForm):
    """Staff enter a whole instrument from a phone call; any question may be left unanswered."""

    def __init__(self, *args: Any, definition: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in definition["items"]:
            if item.get("free_text"):
                continue  # free text is not taken over the phone: nothing identifying is typed by staff
            self.fields[item["code"]] = _item_field(item, required=False)
            if isinstance(self.fields[item["code"]], forms.ChoiceField):
                self.fields[item["code"]].error_messages["invalid_choice"] = "Select one of the answers shown"
        self.fields["confirm_phone"] = forms.BooleanField(
            label="I read these questions to the patient on the phone and recorded their answers", required=True)
        self.fields["confirm_phone"].error_messages["required"] = "Confirm the answers were given on a phone call"

    def answers(self) -> dict[str, Any]:
        return {code: value for code, value in self.cleaned_data.items() if code != "confirm_phone"}


class SendLinkForm(RoseForm):
    """Which questionnaires to text a link to: the choices `send_by_hand.link_choices` offers."""

    event = forms.ChoiceField(label="Which questionnaires?", widget=forms.RadioSelect)

    def __init__(self, *args: Any, choices: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options = {str(choice["event"].pk): choice for choice in choices}
        event = cast(forms.ChoiceField, self.fields["event"])
        event.choices = [(key, _choice_label(choice)) for key, choice in self.options.items()]
        self.fields["event"].error_messages.update({
            "required": "Select which questionnaires to send a link to",
            "invalid_choice": "Select one of the questionnaires listed"})

    def chosen_event(self) -> Any:
        return self.options[self.cleaned_data["event"]]["event"]


def _choice_label(choice: dict[str, Any]) -> str:
    sent = "already sent: this texts a new link" if choice["invitation"] else "not sent yet"
    return f"{choice['event'].label}, due {presenters.date(choice['due'])} ({sent})"


class DashboardFilterForm(RoseForm):
    dimension = forms.ChoiceField(label="Break down by", required=False, initial="all",
                                  choices=[("all", "Whole service"), ("practice", "GP practice"),
                                           ("cohort", "Group course cohort")])
    period = forms.ChoiceField(label="Period", required=False, initial="all", choices=[("all", "All time")])

    def __init__(self, *args: Any, periods: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        period = cast(forms.ChoiceField, self.fields["period"])
        period.choices = [("all", "All time")] + [(p, p) for p in periods if p != "all"]
