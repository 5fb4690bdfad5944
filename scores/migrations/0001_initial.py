"""The scores app takes over the score models from counties, keeping their tables.

State only: the tables (counties_methodology, counties_scorerun, ..., and the history table
counties_historicalmethodology) exist since counties 0004/0009 and keep their names through
Meta.db_table, so an existing database changes nothing here. counties 0013_move_scores_out
removes the models from the counties state and moves their content types.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('counties', '0011_import_flags'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                    migrations.CreateModel(
                        name='HistoricalMethodology',
                        fields=[
                            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                            ('name_fa', models.CharField(blank=True, max_length=200, verbose_name='name (Persian)')),
                            ('name_en', models.CharField(blank=True, max_length=200, verbose_name='name (English)')),
                            ('code', models.SlugField(max_length=64, verbose_name='code')),
                            ('description', models.TextField(blank=True, verbose_name='description')),
                            ('spec', models.JSONField(verbose_name='specification')),
                            ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                            ('is_current', models.BooleanField(default=False, help_text='Score rebuilds use the current methodology.', verbose_name='current')),
                            ('min_coverage', models.DecimalField(decimal_places=3, default=Decimal('0.800'), help_text='Share of the indicator weights a county must have data for (0.01 to 1) to be given a score, rank and tier in a period.', max_digits=4, validators=[django.core.validators.MinValueValidator(Decimal('0.01')), django.core.validators.MaxValueValidator(Decimal('1'))], verbose_name='minimum data coverage to be ranked')),
                            ('min_ranked_share', models.DecimalField(decimal_places=3, default=Decimal('0.850'), help_text='A period with fewer ranked counties than this share (0.01 to 1) is provisional: never shown by default, always labelled.', max_digits=4, validators=[django.core.validators.MinValueValidator(Decimal('0.01')), django.core.validators.MaxValueValidator(Decimal('1'))], verbose_name='minimum share of counties ranked for a complete period')),
                            ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                            ('history_id', models.AutoField(primary_key=True, serialize=False)),
                            ('history_date', models.DateTimeField(db_index=True)),
                            ('history_change_reason', models.CharField(max_length=100, null=True)),
                            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                            ('updated_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
                        ],
                        options={
                            'verbose_name': 'historical methodology',
                            'verbose_name_plural': 'historical methodologies',
                            'db_table': 'counties_historicalmethodology',
                            'ordering': ('-history_date', '-history_id'),
                            'get_latest_by': ('history_date', 'history_id'),
                        },
                        bases=(simple_history.models.HistoricalChanges, models.Model),
                    ),
                    migrations.CreateModel(
                        name='Methodology',
                        fields=[
                            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                            ('name_fa', models.CharField(blank=True, max_length=200, verbose_name='name (Persian)')),
                            ('name_en', models.CharField(blank=True, max_length=200, verbose_name='name (English)')),
                            ('code', models.SlugField(max_length=64, unique=True, verbose_name='code')),
                            ('description', models.TextField(blank=True, verbose_name='description')),
                            ('spec', models.JSONField(verbose_name='specification')),
                            ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                            ('is_current', models.BooleanField(default=False, help_text='Score rebuilds use the current methodology.', verbose_name='current')),
                            ('min_coverage', models.DecimalField(decimal_places=3, default=Decimal('0.800'), help_text='Share of the indicator weights a county must have data for (0.01 to 1) to be given a score, rank and tier in a period.', max_digits=4, validators=[django.core.validators.MinValueValidator(Decimal('0.01')), django.core.validators.MaxValueValidator(Decimal('1'))], verbose_name='minimum data coverage to be ranked')),
                            ('min_ranked_share', models.DecimalField(decimal_places=3, default=Decimal('0.850'), help_text='A period with fewer ranked counties than this share (0.01 to 1) is provisional: never shown by default, always labelled.', max_digits=4, validators=[django.core.validators.MinValueValidator(Decimal('0.01')), django.core.validators.MaxValueValidator(Decimal('1'))], verbose_name='minimum share of counties ranked for a complete period')),
                            ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                            ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
                        ],
                        options={
                            'verbose_name': 'methodology',
                            'verbose_name_plural': 'methodologies',
                            'db_table': 'counties_methodology',
                            'ordering': ['-is_current', 'code'],
                        },
                    ),
                    migrations.CreateModel(
                        name='ScoreRun',
                        fields=[
                            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                            ('methodology_snapshot', models.JSONField(blank=True, default=dict, verbose_name='methodology as used')),
                            ('data_version', models.CharField(blank=True, max_length=64, verbose_name='data version')),
                            ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('draft', 'Awaiting review'), ('published', 'Published'), ('failed', 'Failed'), ('discarded', 'Discarded')], db_index=True, default='queued', max_length=16, verbose_name='status')),
                            ('trigger', models.CharField(choices=[('import', 'Data import'), ('methodology', 'Methodology change'), ('nightly', 'Nightly rebuild'), ('manual', 'Requested by hand'), ('demo', 'Demo data'), ('approval', 'Approved data submission')], default='manual', max_length=16, verbose_name='trigger')),
                            ('queued_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='queued at')),
                            ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started at')),
                            ('heartbeat_at', models.DateTimeField(blank=True, null=True, verbose_name='last heartbeat')),
                            ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                            ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                            ('publish_when_done', models.BooleanField(default=False, verbose_name='publish when computed')),
                            ('discarded_at', models.DateTimeField(blank=True, null=True, verbose_name='discarded at')),
                            ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                            ('error', models.TextField(blank=True, verbose_name='error')),
                            ('periods', models.JSONField(blank=True, default=list, verbose_name='periods')),
                            ('score_count', models.PositiveIntegerField(default=0, verbose_name='scores')),
                            ('timings', models.JSONField(blank=True, default=dict, verbose_name='timings (seconds)')),
                            ('methodology', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='runs', to='scores.methodology', verbose_name='methodology')),
                            ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                            ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='published or discarded by')),
                        ],
                        options={
                            'verbose_name': 'score run',
                            'verbose_name_plural': 'score runs',
                            'db_table': 'counties_scorerun',
                            'ordering': ['-queued_at', '-pk'],
                        },
                    ),
                    migrations.CreateModel(
                        name='ScorePeriod',
                        fields=[
                            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                            ('period', models.CharField(max_length=16, verbose_name='period')),
                            ('county_count', models.PositiveIntegerField(verbose_name='counties in the country')),
                            ('with_data_count', models.PositiveIntegerField(verbose_name='counties with any data')),
                            ('ranked_count', models.PositiveIntegerField(verbose_name='counties ranked')),
                            ('mean_coverage', models.DecimalField(decimal_places=3, max_digits=4, verbose_name='mean data coverage of counties with data')),
                            ('min_coverage', models.DecimalField(decimal_places=3, max_digits=4, verbose_name='minimum coverage applied')),
                            ('min_ranked_share', models.DecimalField(decimal_places=3, max_digits=4, verbose_name='minimum share ranked applied')),
                            ('is_complete', models.BooleanField(default=False, verbose_name='complete')),
                            ('run', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='score_periods', to='scores.scorerun', verbose_name='run')),
                        ],
                        options={
                            'verbose_name': 'scored period',
                            'verbose_name_plural': 'scored periods',
                            'db_table': 'counties_scoreperiod',
                            'ordering': ['run', 'period'],
                        },
                    ),
                    migrations.CreateModel(
                        name='ScoreDecomposition',
                        fields=[
                            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                            ('period', models.CharField(max_length=16, verbose_name='period')),
                            ('county_count', models.PositiveIntegerField(verbose_name='counties')),
                            ('mean_score', models.DecimalField(decimal_places=2, max_digits=5, verbose_name='mean score (0-100)')),
                            ('total', models.DecimalField(decimal_places=6, max_digits=9, verbose_name='Theil T')),
                            ('between', models.DecimalField(decimal_places=6, max_digits=9, verbose_name='between provinces')),
                            ('within', models.DecimalField(decimal_places=6, max_digits=9, verbose_name='within provinces')),
                            ('run', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decompositions', to='scores.scorerun', verbose_name='run')),
                        ],
                        options={
                            'verbose_name': 'national score decomposition',
                            'verbose_name_plural': 'national score decompositions',
                            'db_table': 'counties_scoredecomposition',
                            'ordering': ['run', 'period'],
                        },
                    ),
                    migrations.CreateModel(
                        name='Score',
                        fields=[
                            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                            ('period', models.CharField(max_length=16, verbose_name='period')),
                            ('composite', models.DecimalField(decimal_places=2, max_digits=5, verbose_name='score (0-100)')),
                            ('dimensions', models.JSONField(default=dict, help_text='Dimension code → score.', verbose_name='dimension scores (0-100)')),
                            ('coverage', models.DecimalField(decimal_places=3, max_digits=4, verbose_name='data coverage (0-1)')),
                            ('national_rank', models.PositiveIntegerField(verbose_name='national rank')),
                            ('provincial_rank', models.PositiveIntegerField(verbose_name='provincial rank')),
                            ('tier', models.PositiveSmallIntegerField(help_text='Quintile: 1 = most deprived, 5 = most developed.', verbose_name='tier')),
                            ('balance', models.DecimalField(blank=True, decimal_places=5, help_text="Population-weighted Theil T of the areas' scores; 0 = perfectly balanced.", max_digits=8, null=True, verbose_name='within-county imbalance (Theil T)')),
                            ('area_count', models.PositiveSmallIntegerField(default=0, verbose_name='areas scored')),
                            ('area_scores', models.JSONField(blank=True, default=dict, help_text='Area id → score.', verbose_name='area scores (0-100)')),
                            ('is_synthetic', models.BooleanField(default=False, help_text='Computed from at least one synthetic value.', verbose_name='synthetic')),
                            ('county', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='counties.county', verbose_name='county')),
                            ('run', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='scores.scorerun', verbose_name='run')),
                        ],
                        options={
                            'verbose_name': 'score',
                            'verbose_name_plural': 'scores',
                            'db_table': 'counties_score',
                            'ordering': ['run', 'period', 'national_rank'],
                        },
                    ),
                    migrations.CreateModel(
                        name='CoverageShortfall',
                        fields=[
                            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                            ('period', models.CharField(max_length=16, verbose_name='period')),
                            ('coverage', models.DecimalField(decimal_places=3, max_digits=4, verbose_name='data coverage (0-1)')),
                            ('missing', models.JSONField(blank=True, default=list, help_text='Indicator codes.', verbose_name='indicators without a value')),
                            ('county', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shortfalls', to='counties.county', verbose_name='county')),
                            ('run', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shortfalls', to='scores.scorerun', verbose_name='run')),
                        ],
                        options={
                            'verbose_name': 'county without enough data',
                            'verbose_name_plural': 'counties without enough data',
                            'db_table': 'counties_coverageshortfall',
                            'ordering': ['run', 'period', 'county'],
                        },
                    ),
                    migrations.AddConstraint(
                        model_name='methodology',
                        constraint=models.UniqueConstraint(condition=models.Q(('is_current', True)), fields=('is_current',), name='one_current_methodology'),
                    ),
                    migrations.AddConstraint(
                        model_name='scorerun',
                        constraint=models.UniqueConstraint(condition=models.Q(('status', 'queued')), fields=('status',), name='one_queued_score_run'),
                    ),
                    migrations.AddConstraint(
                        model_name='scorerun',
                        constraint=models.UniqueConstraint(condition=models.Q(('status', 'running')), fields=('status',), name='one_running_score_run'),
                    ),
                    migrations.AddConstraint(
                        model_name='scoreperiod',
                        constraint=models.UniqueConstraint(fields=('run', 'period'), name='score_period_unique'),
                    ),
                    migrations.AddConstraint(
                        model_name='scoredecomposition',
                        constraint=models.UniqueConstraint(fields=('run', 'period'), name='decomposition_unique_period'),
                    ),
                    migrations.AddIndex(
                        model_name='score',
                        index=models.Index(fields=['run', 'period'], name='score_run_period'),
                    ),
                    migrations.AddConstraint(
                        model_name='score',
                        constraint=models.UniqueConstraint(fields=('run', 'county', 'period'), name='score_unique_run_county_period'),
                    ),
                    migrations.AddIndex(
                        model_name='coverageshortfall',
                        index=models.Index(fields=['run', 'period'], name='shortfall_run_period'),
                    ),
                    migrations.AddConstraint(
                        model_name='coverageshortfall',
                        constraint=models.UniqueConstraint(fields=('run', 'county', 'period'), name='shortfall_unique_run_county_period'),
                    ),
            ],
            database_operations=[],
        ),
    ]
