"""Administrators add products in the Django admin; the facade then uses them."""

from __future__ import annotations

import pytest

from rose.accounts.roles import Role
from rose.audit.models import AuditEvent
from rose.medicines.models import Product
from rose.medicines.services import ContractError, ome_calculate
from tests.roles import ALL_ROLES

pytestmark = pytest.mark.django_db

ADD = "/django-admin/medicines/product/add/"
NEW = {"name": "Oxycodone 7mg test tablets", "drug": "oxycodone", "form": "tablet", "route": "oral",
       "release": "immediate", "unit": "tablet", "active": "on", "strength_mg_per_unit": "7",
       "dose_increment": "1", "max_units_per_dose": "4", "source": "dm+d VMP checked by the ROSE pharmacist",
       "verified_on": "2026-11-21"}
REGIMEN = {"items": [{"product": NEW["name"], "units_per_dose": 2, "times_per_day": 2}]}


def test_admin_adds_a_product_and_the_facade_uses_it(client_for):
    with pytest.raises(ContractError):
        ome_calculate(regimen=REGIMEN)
    admin = client_for(Role.ADMIN, is_staff=True)
    response = admin.post(ADD, NEW)
    assert response.status_code == 302, response.content.decode()[:2000]
    product = Product.objects.get(name=NEW["name"])
    assert product.origin == "admin" and product.data_version == ""
    assert AuditEvent.objects.filter(object_id=str(product.pk), action="create").exists()
    assert ome_calculate(regimen=REGIMEN)["total_ome_mg_per_day"] == 42  # 28 mg oxycodone x 1.5


def test_admin_form_refuses_a_patch_without_wear_time_and_a_duplicate_name(client_for):
    admin = client_for(Role.ADMIN, is_staff=True)
    bad = {**NEW, "name": "Morphine 30mg MODIFIED-release tablets"}
    response = admin.post(ADD, bad)
    assert response.status_code == 200 and "already exists" in response.content.decode()
    patch = {**NEW, "strength_mg_per_unit": "", "strength_mcg_per_hour": "25", "route": "transdermal"}
    response = admin.post(ADD, patch)
    assert "Enter how many hours each patch is worn" in response.content.decode()
    assert not Product.objects.filter(name=NEW["name"]).exists()


def test_data_file_products_are_read_only_except_active(client_for):
    admin = client_for(Role.ADMIN, is_staff=True)
    product = Product.objects.get(name="Morphine 30mg modified-release tablets")
    page = admin.get(f"/django-admin/medicines/product/{product.pk}/change/").content.decode()
    assert 'name="active"' in page and 'name="strength_mg_per_unit"' not in page


def test_only_administrators_may_add_products(client_for):
    for role in ALL_ROLES:
        response = client_for(role, is_staff=True).get(ADD)
        assert response.status_code == (200 if role == Role.ADMIN else 403), role


def test_conversion_tables_are_read_only_in_admin(client_for):
    admin = client_for(Role.ADMIN, is_staff=True)
    assert admin.get("/django-admin/medicines/conversiontable/").status_code == 200
    assert admin.get("/django-admin/medicines/conversiontable/add/").status_code == 403
