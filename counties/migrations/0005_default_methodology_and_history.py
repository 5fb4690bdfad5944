"""Create the default methodology and a "created" history record for existing observations.

The methodology is frozen here (as it was when this migration was written) rather than imported,
so that later edits of counties/catalogue.py do not change what this migration did.
"""

from django.db import migrations
from django.utils import timezone

DEFAULT_METHODOLOGY = {'code': 'tavazon-default',
 'name_fa': 'روش پیش\u200cفرض توازن: سه چالش',
 'name_en': 'Tavazon default: the three challenges',
 'description': 'Informal settlements, solid waste and employment, equally weighted, geometric '
                'mean of the three; fixed goalposts. See docs/methodology.md.',
 'spec': {'aggregation': 'geometric',
          'missing': 'reweight',
          'dimensions': [{'code': 'marginalization',
                          'weight': 1,
                          'aggregation': 'arithmetic',
                          'indicators': [{'code': 'informal_settlement_share',
                                          'weight': 2,
                                          'direction': 'lower',
                                          'normalization': 'goalposts',
                                          'min': 0,
                                          'max': 40},
                                         {'code': 'insecure_tenure_households',
                                          'weight': 1,
                                          'direction': 'lower',
                                          'normalization': 'goalposts',
                                          'min': 0,
                                          'max': 60}]},
                         {'code': 'solid_waste',
                          'weight': 1,
                          'aggregation': 'arithmetic',
                          'indicators': [{'code': 'waste_collection_coverage',
                                          'weight': 2,
                                          'direction': 'higher',
                                          'normalization': 'goalposts',
                                          'min': 40,
                                          'max': 100},
                                         {'code': 'waste_recycling',
                                          'weight': 1,
                                          'direction': 'higher',
                                          'normalization': 'goalposts',
                                          'min': 0,
                                          'max': 40},
                                         {'code': 'sanitary_landfill_share',
                                          'weight': 1,
                                          'direction': 'higher',
                                          'normalization': 'goalposts',
                                          'min': 0,
                                          'max': 100},
                                         {'code': 'waste_per_capita',
                                          'weight': 0.5,
                                          'direction': 'lower',
                                          'normalization': 'goalposts',
                                          'min': 0.3,
                                          'max': 1.5}]},
                         {'code': 'employment',
                          'weight': 1,
                          'aggregation': 'arithmetic',
                          'indicators': [{'code': 'unemployment_rate',
                                          'weight': 2,
                                          'direction': 'lower',
                                          'normalization': 'goalposts',
                                          'min': 0,
                                          'max': 35},
                                         {'code': 'youth_unemployment_rate',
                                          'weight': 1,
                                          'direction': 'lower',
                                          'normalization': 'goalposts',
                                          'min': 0,
                                          'max': 60},
                                         {'code': 'participation_rate',
                                          'weight': 1,
                                          'direction': 'higher',
                                          'normalization': 'goalposts',
                                          'min': 30,
                                          'max': 60},
                                         {'code': 'new_jobs',
                                          'weight': 1,
                                          'direction': 'higher',
                                          'normalization': 'goalposts',
                                          'min': 0,
                                          'max': 20}]}]}}


def create_default_methodology(apps, schema_editor):
    Methodology = apps.get_model("counties", "Methodology")
    if Methodology.objects.filter(code=DEFAULT_METHODOLOGY["code"]).exists():
        return
    methodology = Methodology.objects.create(
        code=DEFAULT_METHODOLOGY["code"],
        name_fa=DEFAULT_METHODOLOGY["name_fa"],
        name_en=DEFAULT_METHODOLOGY["name_en"],
        description=DEFAULT_METHODOLOGY["description"],
        spec=DEFAULT_METHODOLOGY["spec"],
        version=1,
        is_current=not Methodology.objects.filter(is_current=True).exists(),
    )
    # Historical models in migrations do not record history by themselves.
    HistoricalMethodology = apps.get_model("counties", "HistoricalMethodology")
    HistoricalMethodology.objects.create(
        id=methodology.pk,
        code=methodology.code,
        name_fa=methodology.name_fa,
        name_en=methodology.name_en,
        description=methodology.description,
        spec=methodology.spec,
        version=1,
        is_current=methodology.is_current,
        updated_at=methodology.updated_at,
        history_date=timezone.now(),
        history_type="+",
        history_change_reason="created by migration",
    )


def backfill_observation_history(apps, schema_editor):
    """Corrections show the old value by comparing with the previous record: give each one."""
    Observation = apps.get_model("counties", "Observation")
    HistoricalObservation = apps.get_model("counties", "HistoricalObservation")
    now = timezone.now()
    fields = [
        f.attname
        for f in Observation._meta.concrete_fields
        if f.attname not in ("updated_at",)
    ]
    batch = []
    for row in Observation.objects.order_by("pk").values(*fields).iterator(chunk_size=5000):
        batch.append(
            HistoricalObservation(
                **row, history_date=now, history_type="+", history_change_reason="backfill"
            )
        )
        if len(batch) >= 5000:
            HistoricalObservation.objects.bulk_create(batch)
            batch = []
    HistoricalObservation.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("counties", "0004_scores_imports_observation_history")]

    operations = [
        migrations.RunPython(create_default_methodology, migrations.RunPython.noop),
        migrations.RunPython(backfill_observation_history, migrations.RunPython.noop),
    ]
