"""Investments' `amount_rials` and experiences' `cost_rials` become `amount` and `cost`: amounts
are in the country's currency (the country profile), whatever it is. The columns are renamed, not
rebuilt: the stored values stay as they are (whole currency units). The check constraints that
keep them from being negative name the new columns."""

import django.core.validators
from django.db import migrations, models

MONEY_HELP = "In whole units of the country's currency (the country profile's currency code)."


def money(verbose_name):
    return models.DecimalField(
        blank=True,
        decimal_places=0,
        help_text=MONEY_HELP,
        max_digits=24,
        null=True,
        validators=[django.core.validators.MinValueValidator(0)],
        verbose_name=verbose_name,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('participation', '0007_move_project_links'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='experience',
            name='experience_cost_not_negative',
        ),
        migrations.RemoveConstraint(
            model_name='investment',
            name='investment_amount_not_negative',
        ),
        migrations.RenameField(
            model_name='experience',
            old_name='cost_rials',
            new_name='cost',
        ),
        migrations.RenameField(
            model_name='historicalexperience',
            old_name='cost_rials',
            new_name='cost',
        ),
        migrations.RenameField(
            model_name='investment',
            old_name='amount_rials',
            new_name='amount',
        ),
        migrations.RenameField(
            model_name='historicalinvestment',
            old_name='amount_rials',
            new_name='amount',
        ),
        migrations.AlterField(
            model_name='experience',
            name='cost',
            field=money('cost'),
        ),
        migrations.AlterField(
            model_name='historicalexperience',
            name='cost',
            field=money('cost'),
        ),
        migrations.AlterField(
            model_name='investment',
            name='amount',
            field=money('amount'),
        ),
        migrations.AlterField(
            model_name='historicalinvestment',
            name='amount',
            field=money('amount'),
        ),
        migrations.AddConstraint(
            model_name='experience',
            constraint=models.CheckConstraint(
                condition=models.Q(('cost__isnull', True), ('cost__gte', 0), _connector='OR'),
                name='experience_cost_not_negative',
            ),
        ),
        migrations.AddConstraint(
            model_name='investment',
            constraint=models.CheckConstraint(
                condition=models.Q(('amount__isnull', True), ('amount__gte', 0), _connector='OR'),
                name='investment_amount_not_negative',
            ),
        ),
    ]
