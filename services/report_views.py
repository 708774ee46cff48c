"""The "Nahlásit chybu" pages of service and organization profiles (``services.reports``)."""

import hashlib

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from directory.models import Organization
from directory.ratelimit import client_key, hit, too_many_requests
from services import reports
from services.forms import ReportForm
from services.models import Service

THROTTLED_TEMPLATE = "services/report_throttled.html"


@require_http_methods(["GET", "HEAD", "POST"])
def report_service(request, slug):
    service = get_object_or_404(
        Service.objects.published().select_related("organization"), slug=slug
    )
    return _report(request, organization=service.organization, service=service)


@require_http_methods(["GET", "HEAD", "POST"])
def report_organization(request, slug):
    organization = get_object_or_404(Organization.objects.published(), slug=slug)
    return _report(request, organization=organization, service=None)


def _report(request, *, organization, service):
    listing = service or organization
    listing_key = f"{listing._meta.model_name}:{listing.pk}"
    context = {"listing": listing, "service": service, "organization": organization}
    if request.method != "POST":
        if request.GET.get("sent") == "1":
            return render(request, "services/report_sent.html", context)
        form = ReportForm(listing_key=listing_key)
        return render(request, "services/report_form.html", context | {"form": form})

    # Every POST counts, sensible or not: the limits are what stops a flood.
    hashed_listing = hashlib.sha256(listing_key.encode()).hexdigest()[:32]
    for scope, identity, rate in (
        ("report-client", client_key(request), settings.REPORT_RATE_PER_CLIENT),
        ("report-listing", hashed_listing, settings.REPORT_RATE_PER_LISTING),
    ):
        retry_after = hit(scope, identity, rate)
        if retry_after is not None:
            return too_many_requests(retry_after, request=request, template=THROTTLED_TEMPLATE)

    form = ReportForm(request.POST, listing_key=listing_key)
    if not form.is_valid():
        form.fresh_token()
        return render(request, "services/report_form.html", context | {"form": form}, status=400)
    data = form.cleaned_data
    reports.submit(
        organization=organization,
        service=service,
        reason=data["reason"],
        message=data["message"],
        email=data["email"],
        form_token=data["token"],
    )
    return redirect(f"{request.path}?sent=1")
