from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from directory.admin.mixins import ScopedAdminMixin
from events.models import Event
from events.services import copy_event_as_new


class WhenFilter(admin.SimpleListFilter):
    """Lets a coordinator find the past meetings still waiting for their report."""

    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return (
            ("upcoming", _("upcoming")),
            ("past", _("past")),
            ("no_report", _("past, without a report")),
        )

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "upcoming":
            return queryset.upcoming(now)
        if self.value() == "past":
            return queryset.past(now)
        if self.value() == "no_report":
            return queryset.past(now).filter(report="")
        return queryset


@admin.register(Event)
class EventAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = (
        "title",
        "kind",
        "starts_at",
        "organizer",
        "region",
        "publication",
        "has_report",
    )
    list_filter = ("publication", WhenFilter, "kind", "region", "audiences")
    actions = ("copy_as_new",)
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
        (
            _("After the event"),
            {
                "fields": ("report", "attendance", "photo_captions"),
                "description": _("Shown on the event page once the event is over."),
            },
        ),
        (_("Publication"), {"fields": ("publication",)}),
    )

    @admin.display(boolean=True, description=_("report"))
    def has_report(self, obj):
        return bool(obj.report)

    @admin.action(
        description=_("Copy as new drafts a year later (for yearly meetings)"),
        permissions=["add"],
    )
    def copy_as_new(self, request, queryset):
        copies = [copy_event_as_new(event=event) for event in queryset.order_by("starts_at")]
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:events_event_change", args=[copy.pk]), copy.title) for copy in copies),
        )
        message = ngettext(
            "Created %(count)d draft: ", "Created %(count)d drafts: ", len(copies)
        ) % {"count": len(copies)}
        self.message_user(request, format_html("{}{}", message, links), messages.SUCCESS)
