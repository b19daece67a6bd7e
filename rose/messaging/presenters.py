"""State rules for messaging pages (issue #18): templates never compare a status themselves."""

from __future__ import annotations

from typing import Any

from rose.messaging.models import Conversation, MessageStatus


def conversation_needs_attention(conversation: Any) -> bool:
    """An open conversation can be marked handled; a handled one reopens only when a text arrives."""
    return conversation.status == Conversation.Status.OPEN


def message_failure(message: Any) -> str:
    """Why a text failed, for the thread ("" unless it failed and the provider said why)."""
    if message.status != MessageStatus.FAILED:
        return ""
    return message.failure_reason or ""


JINJA_GLOBALS = {"conversation_needs_attention": conversation_needs_attention, "message_failure": message_failure}
