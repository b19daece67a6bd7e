"""The bounded paginator: the count never reads more than limit + 1 rows, whatever the data."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from rose.accounts.models import Programme
from rose.accounts.tests.factories import ProgrammeFactory
from rose.core.pagination import BoundedPaginator


def test_counts_up_to_the_bound_and_says_more_beyond_it(db):
    ProgrammeFactory.create_batch(7)
    rows = Programme.objects.order_by("pk")
    exact = BoundedPaginator(rows, 2, limit=10)
    assert exact.count == 7 and not exact.more and exact.count_text == "7" and exact.num_pages == 4
    capped = BoundedPaginator(rows, 2, limit=5)
    assert capped.count == 5 and capped.more and capped.count_text == "More than 5"
    assert capped.num_pages == 3  # pages past the bound are not offered
    assert len(capped.get_page(99).object_list) == 1  # the last offered page


def test_the_count_query_is_limited_not_a_full_count(db):
    ProgrammeFactory.create_batch(3)
    with CaptureQueriesContext(connection) as queries:
        BoundedPaginator(Programme.objects.order_by("pk"), 2, limit=2).count  # noqa: B018
    sql = " ".join(q["sql"].upper() for q in queries)
    assert "COUNT(" not in sql and "LIMIT 3" in sql


def test_works_on_a_plain_list():
    paginator = BoundedPaginator(list(range(12)), 5, limit=10)
    assert paginator.count == 10 and paginator.more and paginator.num_pages == 2
