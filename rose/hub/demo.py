"""Demo data for `make run`: editors in the Wagtail groups, and a few learning pages assigned."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group

from rose.hub import selectors
from rose.hub.services import assignment_create, assignment_record_progress
from rose.hub.setup import EDITORS, MODERATORS, hub_setup


def add_demo_data(programme: Any, staff: dict[str, Any], patients: list[Any], stdout: Any) -> None:
    hub_setup(stdout=stdout)
    editors, moderators = Group.objects.get(name=EDITORS), Group.objects.get(name=MODERATORS)
    if staff.get("nurse"):
        staff["nurse"].groups.add(editors)
    if staff.get("admin"):
        staff["admin"].groups.add(editors, moderators)
    pages = list(selectors.assignable_pages()[:3])
    for patient in patients[:3]:
        for index, page in enumerate(pages):
            if selectors.assignment_any_for_patient(patient=patient, page_id=page.pk):
                continue
            assignment = assignment_create(patient=patient, page=page, actor=staff.get("nurse"))
            if index == 0:
                assignment_record_progress(assignment=assignment, status="completed")
    stdout.write("Education hub: editors set up and learning pages assigned\n")
