"""The page a patient reaches from a text: date of birth first, nothing shown before it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from rose.core.forms import NHSDateField, RoseForm
from rose.patients import hooks
from rose.patients.access_links import (
    access_link_find,
    access_link_redeem,
    access_link_state,
    new_link_request,
)

MESSAGES = {
    "expired": "This link has expired. Links work for 7 days.",
    "used": "This link has already been used. Each link works once.",
    "locked": "This link has been locked because the date of birth was entered wrongly too many times.",
    "unknown": "This link is not valid. Check you copied the whole link from your text message.",
}


class DateOfBirthForm(RoseForm):
    date_of_birth = NHSDateField(label="What is your date of birth?", past_only=True, described_as="your date of birth",
                                 help_text="For example, 15 3 1984")


@never_cache
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    link = access_link_find(token)
    state = access_link_state(link)
    if not state.ok or link is None:  # not ok whenever there is no link
        return render(request, "patients/link_refused.jinja", {
            "message": MESSAGES[state.reason], "token": token if link else "", "page_title": "Link not working",
        }, status=410 if link else 404)
    form = DateOfBirthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = access_link_redeem(request=request, link=link, date_of_birth=form.cleaned_data["date_of_birth"])
        if result.ok:
            return redirect(hooks.link_destination.first(link) or "/portal/")
        if result.reason == "locked":
            return render(request, "patients/link_refused.jinja", {
                "message": MESSAGES["locked"], "token": token, "page_title": "Link not working"}, status=403)
        form.add_error("date_of_birth", "The date of birth does not match our records. Check it and try again")
    return render(request, "patients/link_dob.jinja", {"form": form, "page_title": "Check it is you"})


def request_new_link(request: HttpRequest, token: str) -> HttpResponse:
    """A patient whose link failed asks for a new one: the team gets a task (never an automatic resend
    to a number we cannot verify from this page)."""
    link = access_link_find(token)
    if request.method == "POST" and link is not None:
        new_link_request(link=link)  # rate-limited per patient
    return render(request, "patients/link_requested.jinja", {"page_title": "We have told your care team"})
