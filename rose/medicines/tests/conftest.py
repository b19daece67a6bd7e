"""Make sure the formulary rows exist: a transactional test elsewhere in the run flushes the
tables that the data migration filled."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _formulary_rows(request):
    if "db" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("db")
    from rose.medicines.models import Product
    from rose.medicines.services import formulary_load

    if not Product.objects.filter(origin="data-file").exists():
        formulary_load()
