"""The "Volná místa" page: an editor updates the free places of a service in one step."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from directory.admin.scope import CHANGE, scope_for
from services import capacity
from services.forms import CapacityFormSet
from services.models import Service, ServiceCapacity


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def update_capacity(request, slug):
    """Anonymous visitors are sent to sign in; a signed-in user who edits no services at all
    gets 403, and a service outside their scope is 404, as in the admin (out of scope looks
    exactly like missing)."""
    if not scope_for(request).can(CHANGE, Service):
        raise PermissionDenied
    service = get_object_or_404(Service.objects.select_related("organization"), slug=slug)
    if not capacity.may_update(request, service):
        raise Http404
    capacities = ServiceCapacity.objects.filter(service=service).select_related("updated_by")
    if request.method == "POST":
        formset = CapacityFormSet(request.POST, queryset=capacities)
        if formset.is_valid():
            # The initial forms only: a crafted extra form must not add a capacity.
            capacity.update_available(forms=formset.initial_forms, user=request.user)
            messages.success(request, _("The free places are updated."))
            return redirect(request.path)
        status = 400
    else:
        formset = CapacityFormSet(queryset=capacities)
        status = 200
    context = {
        "service": service,
        "formset": formset,
        "today": timezone.localdate(),
        "admin_url": reverse("admin:services_service_change", args=[service.pk]),
    }
    return render(request, "services/capacity_update.html", context, status=status)
