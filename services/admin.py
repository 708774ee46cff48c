from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import BooleanField, Case, F, Q, Value, When
from django.forms import CheckboxSelectMultiple
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import XLSX
from simple_history.admin import SimpleHistoryAdmin

from directory.admin.mixins import (
    LeftScope,
    ScopedAdminMixin,
    ScopedInlineMixin,
    conflict_message,
)
from directory.admin.scope import scope_for
from directory.models import Publication, Region, Role
from directory.spreadsheets import CSV
from services import capacity as capacities
from services import weekdays
from services.forms import RevertForm, ScheduleForm
from services.history import moment_of, part_changes_since, service_timeline
from services.hsds.admin import HsdsAdminMixin
from services.models import (
    OPEN_REPORT_STATUSES,
    Alert,
    Closure,
    Frequency,
    Location,
    ProposedChange,
    Report,
    ReportStatus,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceCapacity,
    ServiceContact,
    Term,
    sync_primary_contact,
)
from services.reports import RESOLVED_STATUSES, resolve
from services.resources import ServiceResource
from services.review_admin import needs_review, posted_data
from services.services import StaleVersion, revert_reason, revert_service
from services.verification import (
    mark_verified,
    no_contact_q,
    open_report_exists,
    queue_reasons,
    stale_q,
)

PROPOSED_MESSAGE = _("The change waits for approval by a coordinator.")
NEW_UNDER_REVIEW_MESSAGE = _(
    "The new service is saved as a draft: the region's coordinator publishes it."
)
REVIEW_NOTICE = _(
    "Changes of this listing are approved by the region's coordinator before they are "
    "published: saving the form proposes them."
)

# Entries on a service's history page; older ones are counted, not shown.
HISTORY_SHOWN = 200


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


class StaleListFilter(admin.SimpleListFilter):
    """The verification queue (``services.verification.stale_q``) and one of its reasons."""

    title = _("verification")
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [
            ("yes", _("to check: stale, never verified or without contact")),
            ("no_contact", _("without any contact")),
            ("no", _("verified recently, with a contact")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(stale_q())
        if self.value() == "no_contact":
            return queryset.filter(no_contact_q())
        if self.value() == "no":
            return queryset.exclude(stale_q())
        return queryset


def _service_id_from_url(request):
    match = request.resolver_match
    return match.kwargs.get("object_id") if match else None


class LocationInline(ScopedInlineMixin, admin.TabularInline):
    """The locations a service is offered at: chosen among its organization's, or added with
    the + button (the location's own page, where a shared address is edited once)."""

    model = ServiceAtLocation
    extra = 0
    fields = ("location",)
    verbose_name = _("location")
    verbose_name_plural = _("locations")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "location":
            # Only the locations of the service's organization (a new service: any in scope;
            # the model's clean refuses another organization's).
            locations = Location.objects.select_related("municipality")
            service_id = _service_id_from_url(request)
            if service_id and str(service_id).isdigit():
                locations = locations.filter(organization__services=service_id)
            kwargs["queryset"] = locations
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ContactInline(ScopedInlineMixin, admin.TabularInline):
    """Phones and e-mails in the order shown; the first public ones are the card's contact."""

    model = ServiceContact
    extra = 0
    fields = ("position", "kind", "value", "purpose", "professional_only")
    ordering = ("position", "id")


def _may_coincide(one: dict, other: dict) -> bool:
    """Whether two schedules' sessions can fall on the same date (see Schedule.occurs_on)."""
    if not one["days"] & other["days"]:
        return False
    if not (one["opens_at"] < other["closes_at"] and other["opens_at"] < one["closes_at"]):
        return False
    if (one["valid_to"] and other["valid_from"] and one["valid_to"] < other["valid_from"]) or (
        other["valid_to"] and one["valid_from"] and other["valid_to"] < one["valid_from"]
    ):
        return False
    weekly = Frequency.WEEKLY

    def every_week(data):
        return data["freq"] == weekly and data["interval"] == 1

    if every_week(one) or every_week(other):
        return True
    # Every-N-weeks or monthly rules may alternate; flag only the same rule from the same start.
    keys = ("freq", "interval", "week_of_month", "valid_from")
    return all(one[key] == other[key] for key in keys)


class ScheduleFormSet(BaseInlineFormSet):
    """Opening hours of one service: no two sessions at one location may overlap."""

    REQUIRED = ("location", "days", "opens_at", "closes_at", "freq", "interval")

    def clean(self):
        super().clean()
        seen = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or form.errors:
                continue
            if any(data.get(name) in (None, "") for name in self.REQUIRED):
                continue
            data = {"valid_from": None, "valid_to": None, "week_of_month": None, **data}
            for other in seen:
                if other["location"] == data["location"] and _may_coincide(data, other):
                    form.add_error(
                        "opens_at",
                        gettext(
                            "Overlaps other opening hours at %(location)s on %(days)s "
                            "(%(opens)s–%(closes)s). Merge the two rows or change the times."
                        )
                        % {
                            "location": other["location"],
                            "days": weekdays.label(other["days"] & data["days"]),
                            "opens": other["opens_at"].strftime("%H:%M"),
                            "closes": other["closes_at"].strftime("%H:%M"),
                        },
                    )
                    break
            else:
                seen.append(data)


class ScheduleInline(ScopedInlineMixin, admin.StackedInline):
    """Stacked, so the change form fits a 1,280 px window: where and when on two lines, the
    rarely used fields folded into a disclosure (a ``<details>``, no JavaScript needed)."""

    model = Schedule
    form = ScheduleForm
    formset = ScheduleFormSet
    extra = 0
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("location", "days"),
                    ("opens_at", "closes_at"),
                    ("freq", "interval", "week_of_month"),
                )
            },
        ),
        (
            _("Validity, holidays and note"),
            {
                "classes": ("collapse",),
                "fields": (("valid_from", "valid_to"), "open_on_holidays", "note"),
            },
        ),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "location":
            # Only this service's own locations can be chosen.
            service_id = _service_id_from_url(request)
            kwargs["queryset"] = Location.objects.filter(services=service_id).select_related(
                "municipality"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ServiceAreaInline(ScopedInlineMixin, admin.TabularInline):
    model = ServiceArea
    extra = 0
    autocomplete_fields = ("municipality", "orp", "region")


class ClosureInline(ScopedInlineMixin, admin.TabularInline):
    model = Closure
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "location":
            kwargs["queryset"] = Location.objects.filter(services=_service_id_from_url(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AlertInline(ScopedInlineMixin, admin.TabularInline):
    model = Alert
    extra = 0
    fields = ("text", "starts_on", "ends_on")


class CapacityInline(ScopedInlineMixin, admin.TabularInline):
    """Capacities are defined here; the day-to-day "available" also on the one-step page
    (``services.capacity_views``). A changed row is stamped as updated now by the editor."""

    model = ServiceCapacity
    extra = 0
    fields = (
        "unit",
        "maximum",
        "available",
        "waiting_people",
        "waiting_weeks",
        "note",
        "updated_at",
        "updated_by",
    )
    readonly_fields = ("updated_at", "updated_by")


@admin.register(Service)
class ServiceAdmin(HsdsAdminMixin, ScopedAdminMixin, ImportExportMixin, SimpleHistoryAdmin):
    list_display = (
        "name",
        "organization",
        "status",
        "publication",
        "last_verified",
        "stale",
        "why_to_check",
    )
    list_filter = ("publication", "status", StaleListFilter, RegionListFilter, "types")
    list_select_related = ("organization",)
    search_fields = ("name", "organization__name", "mpsv_id")
    autocomplete_fields = ("organization",)
    prepopulated_fields = {"slug": ("name",)}
    date_hierarchy = "last_verified"
    inlines = (
        ContactInline,
        LocationInline,
        ScheduleInline,
        ServiceAreaInline,
        ClosureInline,
        AlertInline,
        CapacityInline,
    )

    class Media:
        css = {"all": ("css/admin.css",)}  # the weekday toggles in one row

    formfield_overrides = {models.ManyToManyField: {"widget": CheckboxSelectMultiple}}
    actions = ("mark_verified_today",)
    # Verified is not modified: only "Mark as verified today" (a person confirming the whole
    # listing) sets it, never an edit of some field.
    readonly_fields = ("last_verified",)
    change_form_template = "admin/services/service/change_form.html"
    resource_classes = (ServiceResource,)
    # import-export's own XLSX class: it keeps numbers native only for that exact class.
    formats = (CSV, XLSX)
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
        # Phones and e-mails are the contacts below (the first public ones fill phone/e-mail).
        (_("Contacts"), {"fields": ("website",)}),
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

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_open_reports()
            .annotate(
                # In the verification queue (stale, or no contact, or an open report); not
                # ``is_stale``, which is the model's own rule (``Service.is_stale``).
                in_queue=Case(
                    When(stale_q(), then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            )
        )

    def get_ordering(self, request):
        # The verification queue: stale listings first, the longest unverified on top.
        # An expression rather than the in_queue annotation: other admins' choice fields
        # (an event's related services) order by this too, on a plain queryset.
        # An open error report puts a listing above every other reason.
        stale_first = Case(When(stale_q(), then=Value(1)), default=Value(0)).desc()
        reported_first = Case(When(open_report_exists(), then=Value(1)), default=Value(0)).desc()
        return (
            reported_first,
            stale_first,
            F("last_verified").asc(nulls_first=True),
            "name",
            "id",
        )

    @admin.display(description=_("to check"), boolean=True, ordering="in_queue")
    def stale(self, service):
        return service.in_queue

    @admin.display(description=_("why to check"))
    def why_to_check(self, service):
        # From the row and its list_select_related organization: no query per row.
        return "; ".join(queue_reasons(service))

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {
            **super().get_resource_kwargs(request, *args, **kwargs),
            "scope": scope_for(request),
        }

    @admin.action(description=_("Mark as verified today"), permissions=["change"])
    def mark_verified_today(self, request, queryset):
        count = mark_verified(queryset, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d service marked as verified today.",
                "%(count)d services marked as verified today.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/revert/<int:stamp>/",
                self.admin_site.admin_view(self.revert_view),
                name="{}_{}_revert".format(*info),
            ),
            path(
                "<path:object_id>/verify/",
                self.admin_site.admin_view(self.verify_view),
                name="{}_{}_verify".format(*info),
            ),
            *super().get_urls(),
        ]

    def verify_view(self, request, object_id):
        """The "verified today" button of the change form (POST only)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        service = self.get_object(request, unquote(object_id))
        if service is None or not self.has_change_permission(request, service):
            raise PermissionDenied
        mark_verified([service], user=request.user)
        self.message_user(
            request,
            _("“%(service)s” marked as verified today.") % {"service": service},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:services_service_change", args=[service.pk]))

    def history_view(self, request, object_id, extra_context=None):
        """One timeline of the whole listing: the service and its parts (SERVICE_PARTS)."""
        service = self.get_object(request, unquote(object_id))
        if service is None or not self.has_view_permission(request, service):
            raise PermissionDenied
        entries = service_timeline(service.pk)
        may_revert = self.has_change_permission(request, service)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("History of “%(service)s”") % {"service": service},
            "opts": self.opts,
            "original": service,
            "entries": entries[:HISTORY_SHOWN],
            "more": max(len(entries) - HISTORY_SHOWN, 0),
            # The newest entry is the state now: nothing to revert to.
            "may_revert": may_revert,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/services/service/object_history.html", context)

    def revert_view(self, request, object_id, stamp):
        """Confirm (GET) and revert (POST) the listing to its state after a timeline entry."""
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        service = self.get_object(request, unquote(object_id))
        if service is None or not self.has_change_permission(request, service):
            raise PermissionDenied
        try:
            moment = moment_of(stamp)
        except OverflowError:  # a crafted stamp past year 9999
            raise Http404 from None
        if not service.history.filter(history_date__lte=moment).exists():
            raise Http404
        refusal = _refuse_if_reviewed(self, request, service.pk)
        if refusal:
            return refusal
        history_url = reverse("admin:services_service_history", args=[service.pk])
        form = RevertForm(request.POST or None, initial={"loaded_version": service.version})
        conflict = None
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    service = revert_service(
                        service_id=service.pk,
                        moment=moment,
                        user=request.user,
                        loaded_version=form.cleaned_data["loaded_version"],
                    )
                    self._check_still_in_scope(request, service)
            except StaleVersion as stale:
                since = form.cleaned_data["loaded_at"]
                elsewhere = part_changes_since(stale.service, since) if since else []
                conflict = conflict_message(
                    stale.service, stale.loaded, stale.service.version, elsewhere
                )
                # Shown the changes, the coordinator may confirm again against the new version.
                form = RevertForm(initial={"loaded_version": stale.service.version})
            except LeftScope as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
                return HttpResponseRedirect(history_url)
            else:
                self.message_user(request, revert_reason(moment), messages.SUCCESS)
                return HttpResponseRedirect(history_url)
        undone = [entry for entry in service_timeline(service.pk) if entry.date > moment]
        context = {
            **self.admin_site.each_context(request),
            "title": revert_reason(moment),
            "opts": self.opts,
            "original": service,
            "form": form,
            "conflict": conflict,
            "undone": undone,
            "history_url": history_url,
        }
        return TemplateResponse(request, "admin/services/service/revert.html", context)

    def changes_elsewhere(self, service, since):
        return part_changes_since(service, since)

    # Review (services.review_admin): an editor's save may become a proposal instead.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        request._proposing = False
        if object_id is not None:
            service = self.get_object(request, unquote(object_id))
            if service is not None and needs_review(request, service):
                if request.method == "POST":
                    request._proposing = True
                else:
                    self.message_user(request, REVIEW_NOTICE, messages.INFO)
                    # The form shows the live listing, not what waits: say that something does.
                    pending = service.proposals.pending().count()
                    if pending:
                        self.message_user(
                            request,
                            ngettext(
                                "%(count)d proposed change of this listing waits for approval.",
                                "%(count)d proposed changes of this listing wait for approval.",
                                pending,
                            )
                            % {"count": pending},
                            messages.WARNING,
                        )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if getattr(request, "_proposing", False):
            # Validated like a save (form, inlines, version lock); the listing stays as it is.
            ProposedChange.objects.create(
                service_id=obj.pk, data=posted_data(request), author=request.user
            )
            return
        if not change and needs_review(request, obj) and obj.publication != Publication.DRAFT:
            # A new listing under review is not published by its editor either: it waits as a
            # draft, which the region's coordinators see and publish.
            obj.publication = Publication.DRAFT
            self.message_user(request, NEW_UNDER_REVIEW_MESSAGE, messages.WARNING)
        super().save_model(request, obj, form, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "_proposing", False):
            return []  # nothing was saved (the formsets hold no saved objects to describe)
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if getattr(request, "_proposing", False):
            return None
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if getattr(request, "_proposing", False):
            self.message_user(request, PROPOSED_MESSAGE, messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:services_service_change", args=[obj.pk]))
        return super().response_change(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        refusal = _refuse_if_reviewed(self, request, object_id)
        return refusal or super().history_form_view(request, object_id, version_id, extra_context)

    def save_formset(self, request, form, formset, change):
        if formset.model is ServiceCapacity:
            for capacity_form in formset.forms:
                if capacity_form.has_changed() and capacity_form not in formset.deleted_forms:
                    capacities.stamp(capacity_form.instance, user=request.user)
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "_proposing", False):
            return
        super().save_related(request, form, formsets, change)
        sync_primary_contact(form.instance.pk)
        self._warn_about_places_outside_area(request, form.instance)

    def _warn_about_places_outside_area(self, request, service):
        areas = list(service.areas.all())
        if not areas:
            return
        for location in service.locations.select_related("municipality"):
            town = location.municipality
            if town is not None and not any(area.covers(town) for area in areas):
                self.message_user(
                    request,
                    gettext(
                        "%(location)s is in %(town)s, outside the service area. If the service "
                        "really works there, add %(town)s (or its ORP or region) to the service "
                        "area; otherwise correct the location."
                    )
                    % {"location": location, "town": town},
                    messages.WARNING,
                )


class ServicePartAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """History with diffs and revert of one location, opening hours, area or closure.

    They are added and edited on their service's page; these pages are reached from the
    service's history and are not listed in the admin index. Saving one here is a new version
    of the service (services.versioning), so these forms are locked by the service's version.
    """

    readonly_fields = ("service",)
    _is_locked = True

    def lock_target(self, part):
        return part.service

    def changes_elsewhere(self, service, since):
        return part_changes_since(service, since)

    def get_model_perms(self, request):
        return {}

    def has_add_permission(self, request):
        return False

    def _service_id(self, object_id):
        # Not get_object: access is decided (403/404) by the views themselves, as before.
        parts = self.model.objects.filter(pk=unquote(object_id))
        return parts.values_list("service_id", flat=True).first()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        posted = request.method == "POST" and object_id
        refusal = posted and _refuse_if_reviewed(self, request, self._service_id(object_id))
        return refusal or super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        posted = request.method == "POST"
        refusal = posted and _refuse_if_reviewed(self, request, self._service_id(object_id))
        return refusal or super().history_form_view(request, object_id, version_id, extra_context)


def _refuse_if_reviewed(model_admin, request, service_id):
    """Under review, an editor changes a listing only through its service form (a proposal):
    a redirect there for their POSTs to other pages that save it, else None."""
    if request.method != "POST" or scope_for(request).role != Role.EDITOR or service_id is None:
        return None
    service = scope_for(request).filter(Service.objects.filter(pk=unquote(str(service_id))))
    service = service.first()
    if service is None or not needs_review(request, service):
        return None
    model_admin.message_user(request, REVIEW_NOTICE, messages.WARNING)
    return HttpResponseRedirect(reverse("admin:services_service_change", args=[service.pk]))


class SchedulePartAdmin(ServicePartAdmin):
    form = ScheduleForm


class CapacityPartAdmin(ServicePartAdmin):
    # Who updated it and when are the record of a save, not something to type in.
    readonly_fields = ("service", "updated_at", "updated_by")


class ServicesUsingLocation(ScopedInlineMixin, admin.TabularInline):
    """On a location's page: the services offered there (linked on each service's page)."""

    model = ServiceAtLocation
    extra = 0
    fields = ("service",)
    readonly_fields = ("service",)
    can_delete = False
    verbose_name = _("service offered here")
    verbose_name_plural = _("services offered here")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Location)
class LocationAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """A location of an organization, edited once for every service offered there."""

    list_display = ("__str__", "kind", "municipality", "address", "organization")
    list_filter = ("kind",)
    list_select_related = ("municipality", "organization")
    search_fields = ("name", "address", "municipality__name", "organization__name")
    autocomplete_fields = ("organization", "municipality")
    fields = (
        "organization",
        ("kind", "channel"),
        "name",
        ("municipality", "address", "postal_code"),
        ("latitude", "longitude"),
        "accessibility",
        "note",
    )
    inlines = (ServicesUsingLocation,)
    # Locked by its own version (not a service's): a page opened before somebody else saved
    # the location refuses to save over it.
    _is_locked = True

    def get_readonly_fields(self, request, obj=None):
        # Its services and schedules are its organization's: moving it would break them.
        return ("organization",) if obj is not None else ()


admin.site.register(ServiceAtLocation, ServicePartAdmin)
admin.site.register(ServiceContact, ServicePartAdmin)
admin.site.register(Schedule, SchedulePartAdmin)
admin.site.register(ServiceArea, ServicePartAdmin)
admin.site.register(Closure, ServicePartAdmin)
admin.site.register(Alert, ServicePartAdmin)
admin.site.register(ServiceCapacity, CapacityPartAdmin)


class ReportAdminForm(forms.ModelForm):
    verify_listing = forms.BooleanField(
        label=_("Mark the service as verified today"),
        required=False,
        help_text=_("When the report is fixed and the whole listing has been checked."),
    )
    reply = forms.BooleanField(
        label=_("E-mail the reporter"),
        required=False,
        help_text=_("Sends the resolution note, when the report is fixed or rejected."),
    )

    class Meta:
        model = Report
        fields = ("status", "resolution_note")

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if data.get("verify_listing"):
            if self.instance.service_id is None:
                self.add_error(
                    "verify_listing",
                    _("An organization has no verified date: verify each of its services."),
                )
            elif status != ReportStatus.FIXED:
                self.add_error("verify_listing", _("Only a fixed report verifies the listing."))
        if data.get("reply"):
            if not self.instance.email:
                self.add_error("reply", _("The reporter left no e-mail address."))
            elif status not in RESOLVED_STATUSES:
                self.add_error("reply", _("Reply when the report is fixed or rejected."))
        return data


@admin.register(Report)
class ReportAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """The queue of error reports, open ones first; scoped like their listings."""

    form = ReportAdminForm
    list_display = ("created_at", "listing_name", "reason", "status", "resolved_at")
    list_filter = ("status", "reason")
    list_select_related = ("service", "organization")
    search_fields = ("message", "service__name", "organization__name")
    fields = (
        "listing_link",
        "reason",
        "message",
        "email",
        "created_at",
        "status",
        "resolution_note",
        "verify_listing",
        "reply",
        "resolved_at",
        "resolved_by",
    )
    readonly_fields = (
        "listing_link",
        "reason",
        "message",
        "email",
        "created_at",
        "resolved_at",
        "resolved_by",
    )

    def get_ordering(self, request):
        open_first = Case(When(status__in=OPEN_REPORT_STATUSES, then=Value(0)), default=Value(1))
        return (open_first, "-created_at", "-id")

    def has_add_permission(self, request):
        return False  # reports come from the public pages

    def has_delete_permission(self, request, obj=None):
        return scope_for(request).is_superuser

    @admin.display(description=_("listing"), ordering="service__name")
    def listing_name(self, report):
        return str(report.listing)

    @admin.display(description=_("listing"))
    def listing_link(self, report):
        if report.service_id:
            url = reverse("admin:services_service_change", args=[report.service_id])
        else:
            url = reverse("admin:directory_organization_change", args=[report.organization_id])
        return format_html(
            '<a href="{}">{}</a> (<a href="{}">{}</a>)',
            url,
            report.listing,
            report.listing.get_absolute_url(),
            gettext("public page"),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        done = resolve(
            obj,
            user=request.user,
            verify_listing=form.cleaned_data.get("verify_listing", False),
            reply=form.cleaned_data.get("reply", False),
        )
        if done["verified"]:
            self.message_user(
                request,
                _("“%(service)s” marked as verified today.") % {"service": obj.service},
                messages.SUCCESS,
            )
        if done["replied"]:
            self.message_user(request, _("The reporter has been e-mailed."), messages.SUCCESS)


@admin.register(Term)
class TermAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name_cs", "name_en", "code", "vocabulary", "position")
    list_filter = ("vocabulary",)
    search_fields = ("name_cs", "name_en", "code")
    list_editable = ("position",)
