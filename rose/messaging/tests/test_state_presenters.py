"""Messaging state rules for templates (issue #18), checked for every status."""

from types import SimpleNamespace

from rose.messaging.models import Conversation, MessageStatus
from rose.messaging.presenters import conversation_needs_attention, message_failure


def test_conversation_needs_attention_for_every_status():
    expected = {Conversation.Status.OPEN: True, Conversation.Status.HANDLED: False}
    assert set(expected) == set(Conversation.Status.values)
    for status, value in expected.items():
        assert conversation_needs_attention(SimpleNamespace(status=status)) is value


def test_message_failure_shown_only_for_a_failed_text_with_a_reason():
    for status in MessageStatus.values:
        failed = status == MessageStatus.FAILED
        assert message_failure(SimpleNamespace(status=status, failure_reason="Number not in use")) == (
            "Number not in use" if failed else "")
        assert message_failure(SimpleNamespace(status=status, failure_reason="")) == ""
