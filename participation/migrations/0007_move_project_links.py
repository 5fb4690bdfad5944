"""Participation's links to projects and public feedback follow the models to the projects app.

State only: the columns and their foreign keys point at the same tables as before."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('participation', '0006_numeric_ranges'),
        ('projects', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='critique',
                    name='feedback',
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='critique', to='projects.projectfeedback', verbose_name='public feedback'),
                ),
                migrations.AlterField(
                    model_name='critique',
                    name='project',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='critiques', to='projects.flagshipproject', verbose_name='flagship project'),
                ),
                migrations.AlterField(
                    model_name='engagement',
                    name='project',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='engagements', to='projects.flagshipproject', verbose_name='flagship project'),
                ),
                migrations.AlterField(
                    model_name='historicalcritique',
                    name='feedback',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='projects.projectfeedback', verbose_name='public feedback'),
                ),
                migrations.AlterField(
                    model_name='historicalcritique',
                    name='project',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='projects.flagshipproject', verbose_name='flagship project'),
                ),
                migrations.AlterField(
                    model_name='historicalengagement',
                    name='project',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='projects.flagshipproject', verbose_name='flagship project'),
                ),
            ],
        ),
    ]
