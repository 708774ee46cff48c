"""HSDS in the admin: "export selected as HSDS" and an import page with a dry-run preview.

Hooked into ``ServiceAdmin`` by putting ``HsdsAdminMixin`` first among its bases: the mixin adds
the action, the import page and a link to it on the service list, on top of whatever actions
and list template the admin has (the scoped admin, django-import-export), so nothing else in
``services/admin.py`` needs to know about HSDS.
"""

import json
import secrets

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.loader import select_template
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory.history import changes_between
from directory.models import Organization
from services.history import changes_since_version
from services.hsds.export import dumps, exported_services
from services.hsds.import_ import ImportFileError, import_records, loads
from services.models import Service

MAX_FILE_SIZE = 5 * 1024 * 1024  # kept in the session between preview and import
SESSION_KEY = "hsds_import"
BUCKETS = (
    ("rejected", _("Rejected (nothing is imported while any record is rejected)")),
    ("created", _("Created")),
    ("updated", _("Updated")),
    ("unchanged", _("Unchanged")),
    ("skipped", _("Skipped (outside this directory)")),
    ("warnings", _("Warnings")),
)


@admin.action(description=_("Export selected as HSDS 3.0 (JSON)"), permissions=["view"])
def export_as_hsds(modeladmin, request, queryset):
    """Drafts included (coordinators choose what to export); professional fields never."""
    response = HttpResponse(
        dumps(exported_services(queryset)), content_type="application/json; charset=utf-8"
    )
    filename = f"hsds-services-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class HsdsImportForm(forms.Form):
    file = forms.FileField(label=_("HSDS file"))
    publish = forms.BooleanField(
        label=_("Publish the imported services"),
        required=False,
        help_text=_("Otherwise new services are drafts, unless the file marks them as published."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Here rather than on the field: the size is formatted in the language of the request.
        self.fields["file"].help_text = _(
            "A JSON array of HSDS 3.0 services, a service_list page or one service (UTF-8), "
            "at most %(size)s."
        ) % {"size": filesizeformat(MAX_FILE_SIZE)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Django has already spooled a large upload to a temporary file; only its size is read.
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("The file is larger than %(size)s: split it.")
                % {"size": filesizeformat(MAX_FILE_SIZE)}
            )
        content = upload.read()
        try:
            self.records = loads(content)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        self.text = json.dumps(self.records, ensure_ascii=False)  # whatever the file's encoding
        return upload


class HsdsAdminMixin:
    """The HSDS export action, and the superusers' import page linked from the service list."""

    change_list_template = "admin/services/service/hsds_change_list.html"

    def get_actions(self, request):
        actions = super().get_actions(request)
        if (
            self.actions is not None
            and IS_POPUP_VAR not in request.GET
            and self.has_view_permission(request)
        ):
            actions.setdefault("export_as_hsds", self.get_action(export_as_hsds))
        return actions

    def changelist_view(self, request, extra_context=None):
        # Our template only adds a link: it extends the list template the admin would use
        # without us (django-import-export's, say), or Django's own.
        opts = self.model._meta
        own = super().change_list_template
        base = select_template(
            [own]
            if own
            else [
                f"admin/{opts.app_label}/{opts.model_name}/change_list.html",
                f"admin/{opts.app_label}/change_list.html",
                "admin/change_list.html",
            ]
        )
        extra_context = {**(extra_context or {}), "hsds_base_template": base}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "hsds-import/",
                self.admin_site.admin_view(self.hsds_import_view),
                name="services_service_hsds_import",
            ),
            *super().get_urls(),
        ]

    def hsds_import_view(self, request):
        if not request.user.is_superuser:
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import services from HSDS 3.0"),
        }
        form = HsdsImportForm()
        if request.method == "POST" and request.POST.get("action") == "import":
            return self._confirmed_import(request, context)
        if request.method == "POST":
            form = HsdsImportForm(request.POST, request.FILES)
            if form.is_valid():
                pending = {
                    "text": form.text,
                    "name": form.cleaned_data["file"].name,
                    "publish": form.cleaned_data["publish"],
                }
                context |= _preview(request, pending, form.records)
        context["form"] = form
        return TemplateResponse(request, "admin/services/service/hsds_import.html", context)

    def _confirmed_import(self, request, context):
        pending = request.session.get(SESSION_KEY)
        if not pending or request.POST.get("token") != pending["token"]:
            messages.error(request, _("Preview the file again: the preview has expired."))
            return redirect(reverse("admin:services_service_hsds_import"))
        del request.session[SESSION_KEY]
        context["form"] = HsdsImportForm()
        records = loads(pending["text"])
        with transaction.atomic():
            changed = _changed_since_preview(pending["versions"])
            if not changed:
                report = import_records(records, publish=pending["publish"])
        if changed:
            # Somebody saved a listing the file updates after the preview: importing now would
            # overwrite their change unseen. Preview again, from the file kept in the session.
            messages.error(
                request,
                gettext(
                    "Nothing imported: since your preview, somebody saved %(changed)s. Here is "
                    "a new preview of the same file; check it and import again."
                )
                % {"changed": "; ".join(changed)},
            )
            context |= _preview(request, pending, records)
            return TemplateResponse(request, "admin/services/service/hsds_import.html", context)
        level = messages.SUCCESS if report.ok else messages.ERROR
        messages.add_message(request, level, f"{pending['name']}: {report.summary()}")
        context |= {"report": report, "buckets": _buckets(report)}
        return TemplateResponse(request, "admin/services/service/hsds_import.html", context)


def _preview(request, pending: dict, records) -> dict:
    """A dry run of ``records``; when it passes, the file waits in the session for "import"."""
    report = import_records(records, publish=pending["publish"], dry_run=True)
    context = {"report": report, "buckets": _buckets(report)}
    if report.ok:
        token = secrets.token_urlsafe(16)
        request.session[SESSION_KEY] = {
            **pending,
            "token": token,
            "versions": report.versions,
        }
        context |= {"token": token, "file_name": pending["name"]}
    return context


def _changed_since_preview(versions: dict[str, int]) -> list[str]:
    """The services and organizations saved since the preview found them, with what changed.

    Locks their rows until the import commits, so none can change in between.
    """
    changed = []
    for model in (Service, Organization):
        label = model._meta.label_lower
        seen = {
            int(key.partition(":")[2]): version
            for key, version in versions.items()
            if key.partition(":")[0] == label
        }
        if not seen:
            continue
        for obj in model.objects.select_for_update().filter(pk__in=seen).order_by("pk"):
            if obj.version == seen[obj.pk]:
                continue
            if isinstance(obj, Service):
                changes = changes_since_version(obj, seen[obj.pk])
            else:
                changes = changes_between(obj, seen[obj.pk])
            what = gettext("%(kind)s “%(name)s”") % {
                "kind": model._meta.verbose_name,
                "name": obj,
            }
            changed.append(f"{what} ({', '.join(changes)})" if changes else what)
    return changed


def _buckets(report):
    return [
        (label, getattr(report, bucket)) for bucket, label in BUCKETS if getattr(report, bucket)
    ]
