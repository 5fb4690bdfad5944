"""Create the `participation` dimension and its derived indicators, so that a methodology can
include them before the first measures are computed."""

from django.db import migrations

from participation.catalogue import (
    MEASURE_SOURCE,
    PARTICIPATION_DIMENSION,
    PARTICIPATION_INDICATORS,
)


def create(apps, schema_editor):
    Dimension = apps.get_model("counties", "Dimension")
    Indicator = apps.get_model("counties", "Indicator")
    dimension, _ = Dimension.objects.get_or_create(
        code="participation",
        defaults={k: v for k, v in PARTICIPATION_DIMENSION.items() if k != "code"},
    )
    for code, (name_fa, name_en, unit, direction, low, high) in PARTICIPATION_INDICATORS.items():
        Indicator.objects.get_or_create(
            code=code,
            defaults={
                "dimension": dimension,
                "name_fa": name_fa,
                "name_en": name_en,
                "unit": unit,
                "direction": direction,
                "min_value": low,
                "max_value": high,
                "frequency": "quarterly",
                "source": MEASURE_SOURCE,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("participation", "0001_initial"), ("counties", "0002_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
