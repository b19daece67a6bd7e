"""Name search: the surname and first-name branches (UNION ALL of index reads, then the page's rows) find
exactly the patients, in exactly the order, that one OR of the two prefixes finds, each patient once, page by
page, in a constant number of queries."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.db.models import QuerySet

from rose.accounts.roles import Role
from rose.patients.models import Patient
from rose.patients.selectors import NAME_ORDER, _prefix_range, patient_search, patients_for_user
from rose.patients.tests.factories import PatientFactory

ORDER = ("family_key", "given_key", "id")  # the patient list's order (patients/views.py)
assert ORDER == NAME_ORDER
NAMES = [("Smith", "John"), ("Smithson", "Ann"), ("Jones", "Smita"), ("Smith", "Smith"), ("O'Smith", "Al"),
         ("Smi-th", "Bo"), ("Brown", "Smithy"), ("Brown", "Ann"), ("Ward", "Jo"), ("Jonas", "Sm")]


def _or_of_prefixes(user, prefix: str) -> QuerySet[Patient]:
    """What the search was before the branches: one OR of the two prefix ranges."""
    base = patients_for_user(user=user)
    return base.filter(**_prefix_range("family_key", prefix)) | base.filter(**_prefix_range("given_key", prefix))


def test_one_word_finds_what_the_or_of_both_prefixes_finds_in_the_same_order(make_user, programme, other_programme):
    for family, given in NAMES * 3:
        PatientFactory(programme=programme, family_name=family, given_name=given)
    PatientFactory(programme=other_programme, family_name="Smith", given_name="Smith")
    user = make_user(Role.NURSE)
    for query in ["smi", "Smith", "s", "sm", "jo", "BROWN", "o'smith", "zz", "smith-"]:
        found = list(patient_search(user=user, query=query).order_by(*ORDER))
        expected = list(_or_of_prefixes(user, query.upper().replace("'", "").replace("-", "")).order_by(*ORDER))
        assert found == expected, query
        assert len({p.pk for p in found}) == len(found), query  # nobody twice (surname and first name match)
    assert len(patient_search(user=user, query="smith")) == 3 * 5


def test_the_search_pages_like_the_list_and_counts_each_patient_once(make_user, programme):
    for index in range(30):
        PatientFactory(programme=programme, family_name=f"Smith{'x' * (index % 3)}", given_name="Smith")
    user = make_user(Role.NURSE)
    pages = Paginator(patient_search(user=user, query="smi").order_by(*ORDER), 25)
    assert pages.count == 30
    listed = [p.pk for n in pages.page_range for p in pages.page(n).object_list]
    assert listed == [p.pk for p in _or_of_prefixes(user, "SMI").order_by(*ORDER)]
    assert [p.pk for p in pages.page(2).object_list] == listed[25:]
    results = patient_search(user=user, query="smi")
    assert results[0].pk == listed[0] and results[29].pk == listed[29]
    with pytest.raises(IndexError):
        results[30]
    with pytest.raises(ValueError):
        results.order_by("family_name")


def test_the_search_runs_the_same_queries_however_many_match(make_user, programme, django_assert_num_queries):
    user = make_user(Role.NURSE)

    def first_page() -> list[str]:
        page = Paginator(patient_search(user=user, query="smi").order_by(*ORDER), 25).get_page(1)
        return [p.gp_practice.name for p in page.object_list]  # the practice comes in the same query

    PatientFactory.create_batch(2, programme=programme, family_name="Smith")
    with django_assert_num_queries(3):  # the count, the page's ids, the page's rows
        first_page()
    PatientFactory.create_batch(40, programme=programme, family_name="Smith", given_name="Smita")
    with django_assert_num_queries(3):
        assert len(first_page()) == 25


def test_a_user_without_a_programme_finds_nobody(make_user, programme, django_assert_max_num_queries):
    PatientFactory(programme=programme, family_name="Smith")
    user = make_user(Role.NURSE)
    user.programme_id = None  # as patients_for_user sees a user with no programme
    results = patient_search(user=user, query="smi")
    with django_assert_max_num_queries(3):
        assert Paginator(results.order_by(*ORDER), 25).get_page(1).object_list == []
    assert results.count() == 0 and list(results) == []
