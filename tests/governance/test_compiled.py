"""A queryset compiled once and only run after (governance/compiled.py): the same rows as the
ORM's, with its converters, on every call; compiled once per connection; fresh data each time."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Max
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from counties.models import County
from governance.compiled import CompiledQuery
from tests import personas

pytestmark = pytest.mark.django_db


def _newest_counties():
    return County.objects.order_by("-updated_at", "-pk").values_list("code", "updated_at")[:2]


def test_its_rows_are_the_orms_with_the_same_types(world):
    compiled = CompiledQuery(_newest_counties)
    assert compiled.rows() == list(_newest_counties())
    code, updated_at = compiled.first()
    assert isinstance(code, str) and updated_at.tzinfo is not None  # converted as the ORM does


def test_it_compiles_once_and_reads_afresh_on_every_call(world, monkeypatch):
    compiled = CompiledQuery(_newest_counties)
    compiled.rows()
    compiles = []
    original = SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        compiles.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    newest = personas.make_county(world.province_a, "NEW", name_en="Newest")
    with CaptureQueriesContext(connection) as queries:
        assert compiled.first()[0] == newest.code
    assert compiles == [] and len(queries) == 1
    County.objects.filter(pk=newest.pk).delete()
    assert compiled.first()[0] != newest.code


def test_an_empty_result_has_no_first_row(db):
    compiled = CompiledQuery(_newest_counties)
    assert compiled.rows() == [] and compiled.first() is None


def test_it_gives_what_the_stamps_gave_through_the_orm(world):
    """observations_stamp, as before it was compiled: the newest history id, 0 with none."""
    from counties.models import Observation
    from counties.queries import observations_stamp
    from governance.pagination import history_model

    history = history_model(Observation)._default_manager
    assert observations_stamp() == (history.aggregate(m=Max("history_id"))["m"] or 0)


def _county_by_code(code: str):
    return County.objects.filter(code=code).values_list("code", "name_en")


def test_a_text_parameter_is_sent_in_its_place_on_each_call(world):
    compiled = CompiledQuery(_county_by_code, texts=1)
    assert compiled.first("CA") == ("CA", world.county_a.name_en)
    assert compiled.first("CB") == ("CB", world.county_b.name_en)
    assert compiled.first("'; DROP TABLE counties_county; --") is None  # a parameter, not SQL
    with pytest.raises(TypeError):
        compiled.rows()


def test_a_parameter_must_be_compared_exactly(world):
    def twice(code: str):
        return County.objects.filter(code=code, name_en=code).values_list("code")

    def transformed(code: str):
        return County.objects.filter(code__icontains=code).values_list("code")

    for build in (twice, transformed):
        with pytest.raises(ValueError):
            CompiledQuery(build, texts=1).rows("CA")


def test_the_county_pages_compiled_county_is_the_orms(world):
    """counties.queries.profile_county: the same fields, province and annotations as
    `for_profile_page().get(code=...)`, its boundary left out."""
    from counties.queries import PROFILE_ANNOTATIONS, profile_county

    for code in ("CA", "CB"):
        compiled, orm = profile_county(code), County.objects.for_profile_page().get(code=code)
        for field in County._meta.concrete_fields:
            if field.name != "geometry":
                assert getattr(compiled, field.attname) == getattr(orm, field.attname), field
        assert "geometry" in compiled.get_deferred_fields()
        assert compiled.province.code == orm.province.code and compiled.province_id == (
            orm.province_id
        )
        for name in PROFILE_ANNOTATIONS:
            assert getattr(compiled, name) == getattr(orm, name), name
        assert compiled.created_after_census == orm.created_after_census
    assert profile_county("NOPE") is None


def test_a_whole_number_parameter_is_sent_in_its_place(world):
    def in_province(province_id: int):
        return County.objects.filter(province_id=province_id).order_by("code").values_list("code")

    compiled = CompiledQuery(in_province, numbers=1)
    for province in (world.province_a, world.province_b):
        expected = list(in_province(province.pk))
        assert compiled.rows(province.pk) == expected and expected


def test_the_unread_count_is_each_users_own(world):
    from notifications import services
    from notifications.choices import NotificationKind

    params = {"title": "T", "owner": "O", "county": {"fa": "ا", "en": "A"}, "due_on": "2026-03-05"}
    for number, user in enumerate([world.governor_a, world.governor_a, world.governor_b]):
        services.notify([user], NotificationKind.COMMITMENT_DUE, params, "/", f"key-{number}")
    assert services.unread_count(world.governor_a) == 2
    assert services.unread_count(world.governor_b) == 1
    assert services.unread_count(world.ministry) == 0
    services.mark_all_read(world.governor_a)
    assert services.unread_count(world.governor_a) == 0
