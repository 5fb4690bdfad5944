"""Dimensions and indicators are named in both languages wherever they are created: the model,
the catalogue form, the admin and the catalogue import (issue 13)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.utils import translation

from counties.catalogue_import import import_catalogue
from counties.models import Dimension, Indicator
from counties.services import ensure_default_catalogue
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

EN = "Enter the English name: dimensions and indicators are named in both languages."
FA = "Enter the Persian name: dimensions and indicators are named in both languages."


@pytest.mark.parametrize(
    ("names", "field", "message"),
    [
        ({"name_fa": "سلامت", "name_en": ""}, "name_en", EN),
        ({"name_fa": "   ", "name_en": "Health"}, "name_fa", FA),
    ],
)
def test_the_model_refuses_a_dimension_or_indicator_without_both_names(names, field, message):
    dimension = Dimension(code="health", **names)
    indicator = Indicator(code="clinics", dimension_id=1, direction="higher", **names)
    for record in (dimension, indicator):
        with translation.override("en"):
            with pytest.raises(ValidationError) as excinfo:
                record.full_clean(exclude=["dimension"])
            assert excinfo.value.message_dict == {field: [message]}


def test_the_model_message_is_persian_for_persian_readers():
    with translation.override("fa"):
        with pytest.raises(ValidationError) as excinfo:
            Dimension(code="health", name_fa="سلامت").full_clean()
        (message,) = excinfo.value.message_dict["name_en"]
    assert message != EN and "انگلیسی" in message


def test_every_shipped_dimension_and_indicator_has_both_names(db):
    ensure_default_catalogue()
    for record in [*Dimension.objects.all(), *Indicator.objects.all()]:
        record.full_clean()  # the demo's catalogue and the participation measures


@pytest.fixture
def catalogue_admin(world):
    """Ministry staff with the admin permissions on the catalogue."""
    world.ministry.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="counties", codename__in=["add_dimension", "add_indicator"]
        )
    )
    return world.ministry


@pytest.fixture
def admin_client(catalogue_admin):
    return client_for(catalogue_admin)


def test_the_admin_refuses_a_dimension_with_one_name(admin_client):
    response = admin_client.post(
        "/admin/counties/dimension/add/",
        {"code": "health", "name_fa": "سلامت", "name_en": "", "order": "7"},
    )
    assert response.status_code == 200
    assert EN in response.content.decode()
    assert not Dimension.objects.filter(code="health").exists()
    response = admin_client.post(
        "/admin/counties/dimension/add/",
        {"code": "health", "name_fa": "سلامت", "name_en": "Health", "order": "7"},
    )
    assert response.status_code == 302 and Dimension.objects.filter(code="health").exists()


def test_the_admin_refuses_an_indicator_with_one_name_in_the_readers_language(catalogue_admin):
    dimension = Dimension.objects.create(code="health", name_fa="سلامت", name_en="Health")
    data = {
        "code": "clinics",
        "name_fa": "",
        "name_en": "Clinics",
        "dimension": dimension.pk,
        "direction": "higher",
        "frequency": "yearly",
    }
    response = client_for(catalogue_admin).post("/admin/counties/indicator/add/", data)
    assert response.status_code == 200 and FA in response.content.decode()
    response = client_for(catalogue_admin, "fa").post("/admin/counties/indicator/add/", data)
    with translation.override("fa"):
        persian = str(Indicator._meta.get_field("name_fa").error_messages["blank"])
    assert persian != FA and persian in response.content.decode()
    assert not Indicator.objects.filter(code="clinics").exists()


def test_the_catalogue_form_asks_for_both_names_of_a_new_dimension(world):
    ensure_default_catalogue()
    response = client_for(world.ministry).post(
        "/counties/indicators/new/",
        {
            "code": "clinics",
            "name_fa": "درمانگاه",
            "name_en": "Clinics",
            "new_dimension_code": "health",
            "new_dimension_name_fa": "سلامت",
            "new_dimension_name_en": "",
            "unit": "per 10,000",
            "direction": "higher",
            "frequency": "yearly",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"new_dimension_name_en": [EN]}
    assert not Dimension.objects.filter(code="health").exists()


def test_the_catalogue_import_already_requires_both_names(db):
    header = "kind,code,name_en,name_fa,unit,direction,min,max,dimension,county_reported\n"
    result = import_catalogue((header + "dimension,health,Health,,,,,,,\n").encode())
    with translation.override("en"):
        assert [e.message for e in result.errors] == ["Row 2: the Persian name is missing."]
    assert not Dimension.objects.filter(code="health").exists()
