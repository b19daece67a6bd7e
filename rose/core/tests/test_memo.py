"""rose.core.memo: work shared within one request and never beyond it."""

from __future__ import annotations

from django.test import RequestFactory

from rose.core.memo import per_request


def test_a_key_is_loaded_once_a_request_and_again_for_the_next_request():
    calls = []

    def load():
        calls.append(1)
        return len(calls)

    first, second = RequestFactory().get("/"), RequestFactory().get("/")
    assert per_request(first, "k", load) == 1 and per_request(first, "k", load) == 1
    assert per_request(first, "other", load) == 2
    assert per_request(second, "k", load) == 3  # a new request loads again: nothing outlives a request
    assert len(calls) == 3


def test_none_is_remembered_too():
    calls = []
    request = RequestFactory().get("/")
    assert per_request(request, "k", lambda: calls.append(1)) is None
    assert per_request(request, "k", lambda: calls.append(1)) is None
    assert calls == [1]
