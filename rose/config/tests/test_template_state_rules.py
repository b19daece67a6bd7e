"""Issue #18: templates never compare a status; they ask the apps' tested presenters instead."""

import re
from pathlib import Path

from django.template import engines

import rose

STATUS_COMPARISON = re.compile(r"\.status\s*(==|!=|\bin\b|\bnot\s+in\b)")
PRESENTERS = ("plan_actions", "booking_awaits_outcome", "referral_can_submit", "referral_tag_class",
              "waitlist_offers", "enrolment_actions", "enrolment_is_withdrawn", "cohort_can_change",
              "cohort_is_cancelled", "session_can_change", "assignment_can_complete",
              "conversation_needs_attention", "message_failure", "invitation_was_answered",
              "invitation_takes_phone_answers")


def test_no_template_compares_a_status():
    root = Path(rose.__file__).parent
    templates = sorted(root.rglob("*.jinja"))
    assert len(templates) > 50  # the walk really found the templates
    found = [f"{path.relative_to(root)}:{number}: {line.strip()[:120]}"
             for path in templates for number, line in enumerate(path.read_text().splitlines(), 1)
             if STATUS_COMPARISON.search(line)]
    assert found == [], "Move these status rules into the app's presenters.py:\n" + "\n".join(found)


def test_the_pattern_catches_each_form():
    for line in ('{% if plan.status == "active" %}', "{% if b.status != 'x' %}", '{% if e.status in ("a",) %}',
                 '{% if e.status not in ("a",) %}'):
        assert STATUS_COMPARISON.search(line), line
    assert not STATUS_COMPARISON.search("{{ b.get_status_display() }}")


def test_presenters_are_jinja_globals():
    env = engines["jinja2"].env
    for name in PRESENTERS:
        assert callable(env.globals.get(name)), name
