"""Editors' changes reviewed by coordinators (issue #18, item 2), in the admin.

Where a region's coordinators switched review on (``RegionReview``), an organization editor's
save of a service becomes a ``ProposedChange`` (``ServiceAdmin.save_model``) and the live
listing stays as it was. Coordinators see the queue (scoped like services), each proposal with
its diff against the live listing, and approve it (replayed through the service's own change
form: same validation, version lock, scope check and history) or reject it with a reason
e-mailed to the editor.
"""

import copy

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Case, Value, When
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from directory.admin.mixins import ScopedAdminMixin
from directory.admin.scope import CHANGE, scope_for
from directory.history import history_reason, stored_reason
from directory.models import Role
from services.history import describe_objects, describe_terms
from services.models import ProposalStatus, ProposedChange, RegionReview, Service

# Form fields of the lock, not of the listing: never part of a diff.
_LOCK_FIELDS = ("loaded_version", "loaded_at")
# The editor's choice of button: a replay always saves plainly ("_save"), so that success is
# the only redirect away from the change page (a refusal redirects back to it).
_BUTTONS = ("_continue", "_addanother", "_saveasnew")


def needs_review(request, service) -> bool:
    """Whether the request's user may only propose changes of ``service`` (one query)."""
    scope = scope_for(request)
    return scope.role == Role.EDITOR and RegionReview.applies_to(service)


def posted_data(request) -> dict:
    """The service form's POST as JSON: every value of every name, without the CSRF token."""
    return {
        name: request.POST.getlist(name) for name in request.POST if name != "csrfmiddlewaretoken"
    }


def _replayed(request, proposal, overrides):
    """A copy of ``request`` that POSTs the proposal's data to the service's change page.

    The change page's own code then runs for the reviewer: their scope, the service's id
    in the URL (inline choices read it), the version the reviewer saw (``overrides``).
    """
    data = QueryDict(mutable=True)
    for name, values in proposal.data.items():
        if name not in _BUTTONS:
            data.setlist(name, values)
    for name, value in overrides.items():
        data[name] = value
    replay = copy.copy(request)
    replay.method = "POST"
    replay._post, replay._files = data, MultiValueDict()
    # The reviewer's own POST (approve) passed the CSRF check; the replay is not a new one.
    replay._dont_enforce_csrf_checks = True
    url = reverse("admin:services_service_change", args=[proposal.service_id])
    replay.path = replay.path_info = url
    replay.resolver_match = resolve(url)
    return replay


def _service_admin():
    return admin.site.get_model_admin(Service)


def proposal_diff(request, proposal) -> tuple[list[str], list[str]]:
    """(lines of what approving would change in the live listing, validation errors).

    Binds the proposal to the service's admin form and inline formsets, as a save would,
    without saving anything.
    """
    service_admin = _service_admin()
    live = Service.objects.get(pk=proposal.service_id)
    edited = Service.objects.get(pk=proposal.service_id)
    replay = _replayed(request, proposal, {"loaded_version": live.version})
    form_class = service_admin.get_form(replay, edited, change=True)
    form = form_class(replay.POST, replay.FILES, instance=edited)
    valid = form.is_valid()
    formsets, _inlines = service_admin._create_formsets(replay, form.instance, change=True)
    errors = [f"{name}: {' '.join(messages_)}" for name, messages_ in form.errors.items()]
    lines = []
    if valid:
        for name in form.changed_data:
            if name in _LOCK_FIELDS:
                continue
            field = Service._meta.get_field(name)
            if field.many_to_many:
                line = describe_terms(field, getattr(live, name).all(), form.cleaned_data[name])
                lines.extend([line] if line else [])
        lines[:0] = describe_objects(Service, live, form.instance)
    for formset in formsets:
        if not formset.is_valid():
            errors.extend(str(error) for error in formset.non_form_errors())
            errors.extend(
                f"{formset.model._meta.verbose_name}: {error}"
                for form_errors in formset.errors
                for error in form_errors.values()
            )
            continue
        model = formset.model
        for row in formset.forms:
            original = model.objects.get(pk=row.instance.pk) if row.instance.pk else None
            if formset._should_delete_form(row):
                lines.extend(describe_objects(model, original, None) if original else [])
            elif row.has_changed():
                lines.extend(describe_objects(model, original, row.instance))
    return lines, errors


def approval_reason(proposal) -> str:
    when = date_format(timezone.localtime(proposal.created_at), "DATETIME_FORMAT")
    return stored_reason(
        gettext_noop("Approved: the proposal of %(author)s of %(when)s"),
        author=proposal.author or "—",
        when=when,
    )


class ReviewForm(forms.Form):
    """Approve (the version shown) or reject (with a reason) one proposal."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput)
    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject; e-mailed to the editor."),
    )


@admin.register(RegionReview)
class RegionReviewAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("region", "editors_need_approval")
    list_editable = ("editors_need_approval",)

    def has_delete_permission(self, request, obj=None):
        return scope_for(request).is_superuser


@admin.register(ProposedChange)
class ProposedChangeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """The coordinators' queue: pending proposals first, each opening on its review page."""

    list_display = ("service", "author", "created_at", "status", "reviewer")
    list_filter = ("status",)
    list_select_related = ("service", "author", "reviewer")
    search_fields = ("service__name",)

    def get_ordering(self, request):
        pending_first = Case(When(status=ProposalStatus.PENDING, then=Value(0)), default=Value(1))
        return (pending_first, "-created_at", "-id")

    def has_add_permission(self, request):
        return False  # proposals come from editors' saves

    def has_delete_permission(self, request, obj=None):
        return scope_for(request).is_superuser

    def may_review(self, request, proposal) -> bool:
        return (
            proposal.status == ProposalStatus.PENDING
            and scope_for(request).can(CHANGE, ProposedChange)
            and _service_admin().has_change_permission(request, proposal.service)
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The review page: the diff against the live listing, approve and reject."""
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        proposal = self.get_object(request, unquote(object_id))
        if proposal is None or not self.has_view_permission(request, proposal):
            raise PermissionDenied
        may_review = self.may_review(request, proposal)
        live = proposal.service
        form = ReviewForm(
            request.POST or None,
            initial={"loaded_version": live.version, "loaded_at": timezone.now().isoformat()},
        )
        if request.method == "POST":
            if not may_review:
                raise PermissionDenied
            if form.is_valid():
                if "approve" in request.POST:
                    response = self._approve(request, proposal, form.cleaned_data)
                else:
                    response = self._reject(request, proposal, form)
                if response is not None:
                    return response
        lines, errors = proposal_diff(request, proposal) if may_review else ([], [])
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Proposed change of “%(service)s”") % {"service": live},
            "opts": self.opts,
            "original": proposal,
            "proposal": proposal,
            "form": form,
            "lines": lines,
            "errors": errors,
            "may_review": may_review,
        }
        return TemplateResponse(request, "admin/services/proposedchange/review.html", context)

    def _approve(self, request, proposal, cleaned):
        replay = _replayed(
            request,
            proposal,
            {"loaded_version": cleaned["loaded_version"], "loaded_at": cleaned["loaded_at"]},
        )
        with transaction.atomic(), history_reason(approval_reason(proposal)):
            response = _service_admin().changeform_view(replay, str(proposal.service_id))
            saved = response.status_code == 302 and response["Location"] != replay.path
            if not saved and response.status_code == 302:
                # Refused after saving (it would leave the reviewer's scope): rolled back, and
                # the reason is already in the reviewer's messages.
                return None
            if not saved:
                # The change form refused it (a newer version, invalid data): nothing saved.
                errors = _form_errors(response)
                self.message_user(
                    request,
                    gettext("Not approved: %(errors)s") % {"errors": " ".join(errors)},
                    messages.ERROR,
                )
                return None
            proposal.status = ProposalStatus.APPROVED
            proposal.reviewer = request.user
            proposal.reviewed_at = timezone.now()
            proposal.save()
        self.message_user(
            request,
            gettext("Approved and published: “%(service)s”.") % {"service": proposal.service},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:services_proposedchange_changelist"))

    def _reject(self, request, proposal, form):
        reason = form.cleaned_data["reason"].strip()
        if not reason:
            form.add_error("reason", gettext("Say why, so the editor can correct it."))
            return None
        proposal.status = ProposalStatus.REJECTED
        proposal.reviewer = request.user
        proposal.reviewed_at = timezone.now()
        proposal.reason = reason
        proposal.save()
        if proposal.author is not None and proposal.author.email:
            _mail_rejection(proposal)
        self.message_user(
            request,
            gettext("Rejected; the editor has been e-mailed."),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:services_proposedchange_changelist"))


def _form_errors(response) -> list[str]:
    context = getattr(response, "context_data", None) or {}
    errors = []
    adminform = context.get("adminform")
    if adminform is not None:
        errors.extend(str(error) for error in adminform.form.non_field_errors())
        errors.extend(
            f"{name}: {' '.join(values)}"
            for name, values in adminform.form.errors.items()
            if name != "__all__"
        )
    for inline in context.get("inline_admin_formsets", []):
        errors.extend(str(error) for error in inline.formset.non_form_errors())
    return errors or [gettext("the form was not accepted.")]


def _mail_rejection(proposal) -> None:
    """In the site's language (Czech): the editor may have used the admin in English."""
    with translation.override(settings.LANGUAGE_CODE):
        url = settings.SITE_URL.rstrip("/") + reverse(
            "admin:services_service_change", args=[proposal.service_id]
        )
        subject = gettext("Your change of “%(service)s” was not approved") % {
            "service": proposal.service
        }
        body = gettext(
            "Your change of “%(service)s” saved on %(when)s was not approved by %(reviewer)s.\n\n"
            "Reason: %(reason)s\n\nThe listing stays as it was. Correct it here: %(url)s\n"
        ) % {
            "service": proposal.service,
            "when": date_format(timezone.localtime(proposal.created_at), "DATETIME_FORMAT"),
            "reviewer": proposal.reviewer,
            "reason": proposal.reason,
            "url": url,
        }
    send_mail(subject, body, None, [proposal.author.email])
