from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from directory.admin_mixins import ScopedAdminMixin
from events.models import Event


@admin.register(Event)
class EventAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "kind", "starts_at", "organizer", "region", "publication")
    list_filter = ("publication", "kind", "region", "audiences")
    list_select_related = ("organizer", "region")
    search_fields = ("title", "organizer__name", "venue_name")
    autocomplete_fields = (
        "organizer",
        "participants",
        "municipality",
        "region",
        "related_services",
    )
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "starts_at"
    filter_horizontal = ("audiences",)
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "summary", "description", "audiences")}),
        (_("When"), {"fields": (("starts_at", "ends_at"), "all_day")}),
        (
            _("Where"),
            {
                "fields": (
                    "region",
                    "municipality",
                    "venue_name",
                    "venue_address",
                    ("online_url", "online_url_private"),
                )
            },
        ),
        (
            _("Who"),
            {"fields": ("organizer", "participants", "other_participants", "related_services")},
        ),
        (
            _("Registration"),
            {"fields": ("registration_url", "registration_deadline", "capacity")},
        ),
        (_("After the event"), {"fields": ("report", "attendance", "photo_captions")}),
        (_("Publication"), {"fields": ("publication",)}),
    )
