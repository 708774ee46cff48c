"""The admin side of scoping, publication and optimistic locking, shared by every ModelAdmin.

``ScopedAdminMixin`` goes first in the bases of every ModelAdmin, ``ScopedInlineMixin`` of
every inline; both ask ``directory.admin.scope`` and nothing else. A scoped user can neither list,
open, pick in a dropdown or autocomplete, act on nor save anything outside their scope, crafted
URLs and POSTs included: out-of-scope objects are 404, out-of-scope choices fail validation.
"""

import datetime

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory.admin.scope import ADD, CHANGE, DELETE, VIEW, scope_for
from directory.admin_names import AccusativeInlineFormSet, counted
from directory.history import changes_between, history_of
from directory.models import Publication, Publishable


class LeftScope(Exception):
    """A save would have moved the object out of the user's scope; the transaction is undone."""


def _autocomplete_source_field(request):
    """The model field an admin autocomplete request is for, or None for other requests."""
    match = getattr(request, "resolver_match", None)
    if not match or match.url_name != "autocomplete":
        return None
    try:
        model = apps.get_model(request.GET["app_label"], request.GET["model_name"])
        return model._meta.get_field(request.GET["field_name"])
    except (KeyError, LookupError, FieldDoesNotExist):
        return None


class _ScopedQuerysetMixin:
    """Rows and choices: shared by model admins and inlines."""

    def get_queryset(self, request):
        return scope_for(request).filter(super().get_queryset(request))

    def _scoped_formfield(self, formfield, db_field, request):
        if formfield is not None and hasattr(formfield, "queryset"):
            formfield.queryset = scope_for(request).choices(formfield.queryset, db_field)
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self._scoped_formfield(formfield, db_field, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return self._scoped_formfield(formfield, db_field, request)


class _AccusativeInlinesMixin:
    """The inlines' "add another" link in the accusative (``admin_names``): Django has no
    setting for the class of its inline formsets, so each one it builds becomes ours."""

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in inline_formsets:
            inline_formset.__class__ = AccusativeInlineFormSet
        return inline_formsets


class ScopedAdminMixin(_AccusativeInlinesMixin, _ScopedQuerysetMixin):
    """Scope, publication (who and when), archiving and optimistic locking for a ModelAdmin;
    its inlines' "add another" in Czech's accusative."""

    # Permissions: the scope decides for everybody but superusers.

    def _may(self, request, action, obj=None) -> bool:
        scope = scope_for(request)
        if not scope.can(action, self.model):
            return False
        return obj is None or obj.pk is None or scope.allows(obj)

    def has_module_permission(self, request):
        return self._may(request, VIEW)

    def has_view_permission(self, request, obj=None):
        return self._may(request, VIEW, obj)

    def has_add_permission(self, request):
        return self._may(request, ADD)

    def has_change_permission(self, request, obj=None):
        return self._may(request, CHANGE, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, DELETE, obj)

    # django-import-export asks these; harmless for admins without it.
    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not scope_for(request).is_superuser:
            # Out of scope looks exactly like missing: 404, and nothing about the object.
            raise Http404
        return obj

    def get_search_results(self, request, queryset, search_term):
        field = _autocomplete_source_field(request)
        scope = scope_for(request)
        if field is not None and not scope.is_superuser:
            # The queryset came from get_queryset (the rows they edit); a reference field may
            # also offer published rows, so start again from the field's own choices.
            base = admin.ModelAdmin.get_queryset(self, request)
            queryset = scope.choices(base, field).complex_filter(field.get_limit_choices_to())
        return super().get_search_results(request, queryset, search_term)

    # Optimistic locking: the change form carries the version it was loaded with.

    @property
    def _is_locked(self) -> bool:
        return issubclass(self.model, Publishable)

    def lock_target(self, obj):
        """The object whose version guards the change form of ``obj``: itself by default."""
        return obj

    def changes_elsewhere(self, target, since) -> list:
        """(history record, description) of changes to ``target``'s other rows after ``since``
        (e.g. a service's parts), for the conflict message; nothing by default."""
        return []

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._is_locked or obj is None or "loaded_version" in flatten_fieldsets(fieldsets):
            return fieldsets
        *rest, (name, options) = fieldsets
        fields = (*options["fields"], "loaded_version", "loaded_at")
        return [*rest, (name, {**options, "fields": fields})]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self._is_locked and obj is not None and "form" not in kwargs:
            kwargs["form"] = type(
                self.form.__name__,
                (VersionLockForm, self.form),
                {
                    "__module__": __name__,
                    "lock_target": staticmethod(self.lock_target),
                    "changes_elsewhere": staticmethod(self.changes_elsewhere),
                },
            )
        return super().get_form(request, obj, change=change, **kwargs)

    # Publication: who and when.

    def save_model(self, request, obj, form, change):
        newly_published = not change or "publication" in form.changed_data
        if (
            isinstance(obj, Publishable)
            and obj.publication == Publication.PUBLISHED
            and newly_published
        ):
            obj.published_at = timezone.now()
            obj.published_by = request.user
        obj._history_user = request.user
        super().save_model(request, obj, form, change)

    # After every save (form or revert): the object must still be theirs.

    def _check_still_in_scope(self, request, obj):
        if not scope_for(request).allows(obj, fresh=True):
            raise LeftScope(
                gettext(
                    "Not saved: after this change “%(object)s” would be outside the regions and "
                    "organizations you look after. Keep a location, service area, seat or "
                    "region of yours, or ask a coordinator of the other region."
                )
                % {"object": obj}
            )

    def log_addition(self, request, obj, message):
        self._check_still_in_scope(request, obj)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._check_still_in_scope(request, obj)
        return super().log_change(request, obj, message)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except LeftScope as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting saves like a change form: in one transaction, locked, still in scope.
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except LeftScope as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    # Archive instead of delete.

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self._is_locked and self.has_change_permission(request):
            actions["archive_selected"] = (
                archive_selected,
                "archive_selected",
                archive_selected.short_description,
            )
        return actions


@admin.action(description=_("Archive selected %(verbose_name_plural)s (hide from the public)"))
def archive_selected(modeladmin, request, queryset):
    count = 0
    with transaction.atomic():
        # One save per object: each gets a new version and a history record with the user.
        for obj in queryset.exclude(publication=Publication.ARCHIVED):
            obj.publication = Publication.ARCHIVED
            obj._history_user = request.user
            obj.save()
            count += 1
    modeladmin.message_user(
        request,
        gettext("Archived %(objects)s (hidden from the public).")
        % {"objects": counted(modeladmin.opts, count)},
        messages.SUCCESS,
    )


@admin.action(permissions=["delete"], description=django_delete_selected.short_description)
def delete_selected(modeladmin, request, queryset):
    """Django's action (registered for the whole site in directory/admin.py), its message
    counting in Czech: "Odstranili jste 3 služby." rather than "odstraněno: 3 služby"."""
    if request.POST.get("post"):
        _objects, _counts, perms_needed, protected = modeladmin.get_deleted_objects(
            queryset, request
        )
        if not protected:
            if perms_needed:
                raise PermissionDenied
            count = len(queryset)
            if count:
                modeladmin.log_deletions(request, queryset)
                modeladmin.delete_queryset(request, queryset)
                modeladmin.message_user(
                    request,
                    gettext("Deleted %(objects)s.") % {"objects": counted(modeladmin.opts, count)},
                    messages.SUCCESS,
                )
            return None
    # The confirmation page (or the refusal): Django's.
    return django_delete_selected(modeladmin, request, queryset)


class ScopedInlineMixin(_ScopedQuerysetMixin):
    """Inline rows may be seen and edited exactly when their parent object may."""

    def _parent_admin(self):
        return self.admin_site.get_model_admin(self.parent_model)

    def _may_edit_parent(self, request, obj):
        parent = self._parent_admin()
        if obj is None:
            return parent.has_add_permission(request)
        return parent.has_change_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return self._parent_admin().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._may_edit_parent(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_edit_parent(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit_parent(request, obj)


class VersionLockForm(forms.ModelForm):
    """Refuses to save over a version somebody else saved after this form was loaded.

    Mixed into the admin change form of every Publishable model and of a service's parts (see
    ``get_form`` above); the version checked is that of ``lock_target(instance)``, the object
    itself or the service a part belongs to. On a conflict the form lists what changed
    meanwhile and carries the current version from then on, so saving once more deliberately
    keeps the values in the form.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Only for the message (which parts changed since): the lock itself is the version.
    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)

    # Replaced by ScopedAdminMixin.get_form with its admin's methods.
    lock_target = staticmethod(lambda instance: instance)
    changes_elsewhere = staticmethod(lambda target, since: [])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # From the database, not the instance: a revert form's instance is an old version.
            target = self.lock_target(self.instance)
            self.initial["loaded_version"] = (
                type(target)
                ._default_manager.filter(pk=target.pk)
                .values_list("version", flat=True)
                .first()
            )
            self.initial["loaded_at"] = timezone.now().isoformat()

    def clean(self):
        cleaned_data = super().clean()
        instance = self.instance
        if instance.pk is None:
            return cleaned_data
        target = self.lock_target(instance)
        rows = type(target)._default_manager.filter(pk=target.pk)
        if transaction.get_connection().in_atomic_block:
            # Held until the admin's transaction commits: no second save can slip in between.
            rows = rows.select_for_update()
        current = rows.values_list("version", flat=True).first()
        loaded = cleaned_data.get("loaded_version")
        if current is not None and loaded != current:
            since = _parse_time(cleaned_data.get("loaded_at"))
            elsewhere = self.changes_elsewhere(target, since) if since else []
            self.add_error(None, conflict_message(target, loaded, current, elsewhere))
            data = self.data.copy()
            data[self.add_prefix("loaded_version")] = current
            data[self.add_prefix("loaded_at")] = timezone.now().isoformat()
            self.data = data
        elif current is not None and target is instance:
            # Saving counts on from the current version (a revert form holds an old one).
            instance.version = current
        return cleaned_data


def _parse_time(value):
    try:
        moment = datetime.datetime.fromisoformat(value or "")
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else None


def conflict_message(instance, loaded, current, elsewhere=()) -> str:
    """What somebody else changed between version ``loaded`` and the current one.

    ``elsewhere``: (history record, description) of changes to the object's parts meanwhile;
    the latest record, of the object or of a part, says who saved and when.
    """
    changes = [*changes_between(instance, loaded), *(text for _record, text in elsewhere)]
    records = [record for record, _text in elsewhere]
    own = history_of(instance).select_related("history_user").first()
    if own is not None:
        records.append(own)
    latest = max(records, key=lambda record: record.history_date, default=None)
    who = latest.history_user if latest is not None else None
    when = (
        date_format(timezone.localtime(latest.history_date), "DATETIME_FORMAT")
        if latest is not None
        else ""
    )
    parts = [
        gettext("Not saved: %(who)s saved this %(model)s (%(when)s) after you opened it.")
        % {
            "who": who or gettext("somebody else"),
            "model": type(instance)._meta.verbose_name,
            "when": when,
        }
    ]
    if changes:
        parts.append(gettext("Changed meanwhile: %(changes)s.") % {"changes": "; ".join(changes)})
    parts.append(
        gettext(
            "Compare with your edits below. Saving again replaces their values with the ones "
            "in this form; to keep theirs, reload the page instead."
        )
    )
    return " ".join(parts)
