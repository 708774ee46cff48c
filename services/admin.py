from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.forms import CheckboxSelectMultiple
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from directory.models import Region
from services.forms import ScheduleForm
from services.hsds.admin import HsdsAdminMixin
from services.models import Closure, Location, Schedule, Service, ServiceArea, Term


class RegionListFilter(admin.SimpleListFilter):
    """Services delivered in a region or covering (part of) it."""

    title = _("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return [(region.pk, region.name) for region in Region.objects.all()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        region = self.value()
        return queryset.filter(
            Q(locations__municipality__region=region)
            | Q(areas__region=region)
            | Q(areas__orp__region=region)
            | Q(areas__municipality__region=region)
        ).distinct()


def _service_id_from_url(request):
    match = request.resolver_match
    return match.kwargs.get("object_id") if match else None


class LocationInline(admin.StackedInline):
    model = Location
    extra = 0
    autocomplete_fields = ("municipality",)
    fields = (
        ("kind", "channel"),
        "name",
        ("municipality", "address", "postal_code"),
        ("latitude", "longitude"),
        "accessibility",
        "note",
    )


class ScheduleInline(admin.TabularInline):
    model = Schedule
    form = ScheduleForm  # its Meta.fields are the columns
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "location":
            # Only this service's own locations can be chosen.
            service_id = _service_id_from_url(request)
            kwargs["queryset"] = Location.objects.filter(service_id=service_id).select_related(
                "municipality"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ServiceAreaInline(admin.TabularInline):
    model = ServiceArea
    extra = 0
    autocomplete_fields = ("municipality", "orp", "region")


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "location":
            kwargs["queryset"] = Location.objects.filter(service_id=_service_id_from_url(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Service)
class ServiceAdmin(HsdsAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "organization", "status", "publication", "last_verified")
    list_filter = ("publication", "status", RegionListFilter, "types")
    list_select_related = ("organization",)
    search_fields = ("name", "organization__name", "mpsv_id")
    autocomplete_fields = ("organization",)
    prepopulated_fields = {"slug": ("name",)}
    date_hierarchy = "last_verified"
    inlines = (LocationInline, ScheduleInline, ServiceAreaInline, ClosureInline)
    formfield_overrides = {models.ManyToManyField: {"widget": CheckboxSelectMultiple}}
    fieldsets = (
        (None, {"fields": ("organization", "name", "slug", "summary", "description", "status")}),
        (
            _("What and for whom"),
            {
                "fields": (
                    "types",
                    "activities",
                    "target_groups",
                    "substances",
                    ("min_age", "max_age"),
                    ("is_free", "cost_note"),
                    "is_anonymous",
                    "languages",
                )
            },
        ),
        (_("Contacts"), {"fields": ("phone", "email", "website")}),
        (
            _("Registration"),
            {"fields": (("mpsv_id", "mpsv_paragraph"), "rvkpp_certified_until")},
        ),
        (
            _("Information for professionals (signed-in users only)"),
            {
                "fields": (
                    "referral_process",
                    "response_time",
                    "caseworker_may_join",
                    "professional_contact",
                )
            },
        ),
        (_("Publication and verification"), {"fields": ("publication", "last_verified")}),
    )


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("name_cs", "name_en", "code", "vocabulary", "position")
    list_filter = ("vocabulary",)
    search_fields = ("name_cs", "name_en", "code")
    list_editable = ("position",)
