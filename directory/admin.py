from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from directory.models import Municipality, Organization, Orp, Region
from services.models import Service

admin.site.site_header = _("Directory of addiction services: administration")
admin.site.site_title = _("Directory administration")
admin.site.index_title = _("Keeping the listings true")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "nuts_code", "csu_code")
    search_fields = ("name", "nuts_code", "csu_code")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Orp)
class OrpAdmin(admin.ModelAdmin):
    list_display = ("name", "csu_code", "region")
    list_filter = ("region",)
    list_select_related = ("region",)
    search_fields = ("name", "search_name", "csu_code")
    autocomplete_fields = ("region",)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "orp", "region", "postal_code")
    list_filter = ("region",)
    list_select_related = ("orp", "region")
    # search_name lets "pelhrimov" find Pelhřimov in autocompletes too.
    search_fields = ("name", "search_name", "code", "postal_code")
    autocomplete_fields = ("orp", "region")
    show_full_result_count = False


class ServiceInline(admin.TabularInline):
    model = Service
    fields = ("name", "status", "publication", "last_verified")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "legal_form", "ico", "municipality", "publication")
    list_filter = ("publication", "legal_form", "municipality__region")
    list_select_related = ("municipality",)
    search_fields = ("name", "ico")
    autocomplete_fields = ("parent", "municipality")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (ServiceInline,)
    fieldsets = (
        (None, {"fields": ("name", "slug", "legal_form", "ico", "parent", "description")}),
        (_("Contacts"), {"fields": ("website", "email", "phone", "address", "municipality")}),
        (_("Publication"), {"fields": ("publication",)}),
    )
