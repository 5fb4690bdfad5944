from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from counties.forms import DimensionAdminForm, IndicatorAdminForm
from counties.models import Area, County, Dimension, ImportJob, Indicator, Observation, Province
from governance.admin import ReadOnlyAdminMixin
from governance.versioned_admin import VersionedAdmin


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fa", "name_en", "iso_code", "is_synthetic")
    search_fields = ("code", "name_fa", "name_en")
    exclude = ("geometry",)


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fa", "name_en", "province", "census_code", "area_km2")
    list_filter = ("province", "is_synthetic")
    search_fields = ("code", "census_code", "name_fa", "name_en")
    exclude = ("geometry",)


@admin.register(Area)
class AreaAdmin(VersionedAdmin):
    list_display = ("name_fa", "name_en", "county", "kind", "is_deprived", "population")
    list_filter = ("kind", "is_deprived", "is_synthetic")
    search_fields = ("name_fa", "name_en", "county__name_fa", "county__name_en")
    autocomplete_fields = ("county",)
    exclude = ("geometry",)


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    # The admin takes any model form class; PersianModelForm is ModelForm's Persian twin.
    form = DimensionAdminForm  # type: ignore[assignment]
    list_display = ("code", "name_fa", "name_en", "is_challenge", "order")


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    form = IndicatorAdminForm  # type: ignore[assignment]
    list_display = ("code", "name_fa", "name_en", "dimension", "unit", "direction")
    list_filter = ("dimension",)
    search_fields = ("code", "name_fa", "name_en")


@admin.register(Observation)
class ObservationAdmin(SimpleHistoryAdmin):
    list_display = ("indicator", "county", "area", "period", "value", "is_synthetic")
    list_filter = ("indicator", "is_synthetic", "period_kind")
    search_fields = ("county__name_fa", "county__name_en", "indicator__code")
    raw_id_fields = ("county", "area", "updated_by")


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("original_name", "uploaded_by", "status", "created_at", "row_count")
    list_filter = ("status",)
    exclude = ("issues",)
