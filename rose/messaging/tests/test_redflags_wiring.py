"""The service's red-flag check: the rules, then the text classifier for free text the rules miss (issue 14)."""

from __future__ import annotations

import uuid

import pytest

from rose.messaging import hooks, redflags
from rose.messaging.dispatch import dispatch_due
from rose.messaging.inbound import inbound_receive
from rose.messaging.models import InboundMessage, InboxItem, Observation, OutboundMessage
from rose.messaging.redflags import model
from rose.messaging.services import message_schedule
from rose.messaging.tests.factories import texting_patient
from rose.patients.models import Task

# Indirect wording the rules do not catch and the classifier does (asserted below, so the test says when
# either changes rather than passing without checking the classifier).
INDIRECT = "im just so tired of everything, nobody would even notice"


def receive(patient, body):
    inbound, _ = inbound_receive(provider="simulator", provider_id=str(uuid.uuid4()), from_number=patient.mobile,
                                 body=body)
    return inbound


def test_the_classifier_flags_free_text_the_rules_miss():
    assert not redflags.rules_scan(INDIRECT).urgent, "the rules now catch this text: pick another they miss"
    result = redflags.red_flag_scan(INDIRECT)
    assert result.urgent and result.categories == ["suicide"]
    assert redflags.from_classifier(result)
    assert result.matched[0].startswith("text classifier: ")


def test_a_rule_flag_is_the_rules_result_and_not_the_classifiers():
    text = "took all my tablets and cant breathe"
    result = redflags.red_flag_scan(text)
    assert result == redflags.rules_scan(text)
    assert not redflags.from_classifier(result)


@pytest.mark.parametrize("text", ["42", "ok", "yes x", "10/10", "Thanks", "", "7 8"])
def test_texts_under_two_words_are_read_by_the_rules_only(monkeypatch, text):
    def refuse(_text):
        raise AssertionError("the classifier was asked")

    monkeypatch.setattr(redflags, "combined_scan", refuse)
    assert not redflags.red_flag_scan(text).urgent


@pytest.mark.django_db
def test_a_classifier_flag_on_free_text_is_a_red_flag_that_says_where_it_came_from(programme):
    patient = texting_patient(programme)
    seen = []
    with hooks.red_flag.added(lambda p, inbound: seen.append(p.pk)):
        inbound = receive(patient, INDIRECT)
    assert inbound.outcome == InboundMessage.Outcome.RED_FLAG and inbound.red_flag_rule == "suicide"
    item = InboxItem.objects.get(inbound=inbound)
    assert item.urgent and "text classifier" in item.summary and "plan was not paused" in item.summary
    assert Task.objects.get(patient=patient, kind="red_flag_text").priority == "urgent"
    crisis = OutboundMessage.objects.filter(patient=patient, purpose="red_flag_reply").first()
    assert "999" in crisis.body and "116 123" in crisis.body
    # Not paused by itself (about 1 ordinary reply in 17 scores above the threshold): the nurse decides.
    assert seen == []
    with hooks.red_flag.added(lambda p, inbound: seen.append(p.pk)):
        receive(patient, "took all my tablets and cant breathe")  # a rule's flag runs the hooks as always
    assert seen == [patient.pk]


@pytest.mark.django_db
def test_a_check_in_answer_is_recorded_before_the_classifier_reads_anything(programme, monkeypatch):
    patient = texting_patient(programme)
    message_schedule(patient=patient, purpose="checkin_pain", body="Pain?", respect_quiet_hours=False)
    dispatch_due()

    def always(_text):
        raise AssertionError("a check-in answer reached the classifier")

    monkeypatch.setattr(redflags, "combined_scan", always)
    inbound = receive(patient, "7 out of 10")
    assert inbound.outcome != InboundMessage.Outcome.RED_FLAG
    assert Observation.objects.filter(patient=patient, kind="pain_score").exists()


def test_warming_trains_the_classifier_once_per_process():
    redflags.warm_in_background().join()
    assert model.scorer() is model.scorer()


def test_a_failing_classifier_leaves_the_rules_answer_and_logs_no_text(monkeypatch, caplog):
    def broken(_text):
        raise RuntimeError("no model")

    monkeypatch.setattr(redflags, "combined_scan", broken)
    assert not redflags.red_flag_scan(INDIRECT).urgent  # the rules miss it: free text, so the safety net answers
    assert redflags.red_flag_scan("took all my tablets and cant breathe").urgent
    assert "classifier failed" in caplog.text and "nobody would even notice" not in caplog.text


def test_the_shipped_detector_meets_the_targets_on_the_held_out_sets():
    """Issue 14's targets on the two sets kept out of training and tuning (redflags/heldout/README.md): a guard
    against a change to the rules, the corpus or THRESHOLD that loses what they showed (99.1% / 99.4% / 7.0%)."""
    from pathlib import Path

    rows = []
    for path in sorted((Path(redflags.__file__).parent / "heldout").glob("*.tsv")):
        rows += [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) == 520
    flagged = [(urgent == "1", explicit == "1", redflags.red_flag_scan(text).urgent)
               for urgent, _category, explicit, text in rows]
    urgent = [hit for is_urgent, _explicit, hit in flagged if is_urgent]
    explicit = [hit for is_urgent, is_explicit, hit in flagged if is_urgent and is_explicit]
    benign = [hit for is_urgent, _explicit, hit in flagged if not is_urgent]
    assert sum(urgent) / len(urgent) >= 0.95
    assert sum(explicit) / len(explicit) >= 0.98
    assert sum(benign) / len(benign) <= 0.10
