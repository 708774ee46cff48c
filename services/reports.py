"""Error reports ("Nahlásit chybu"): storing one, telling its keepers, resolving it.

Who keeps a listing: the organization's editors and the coordinators of the regions the
listing is in, by the same rules as the admin's scope (``directory.admin.scope``): a service's
regions are those of its locations and service areas, else its organization's seat; an
organization's are its seat's and its services'.
"""

import functools
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from directory.models import Account, Organization, Region, Role
from services.models import Location, Report, ReportStatus, Service, ServiceArea
from services.verification import mark_verified

logger = logging.getLogger(__name__)

RESOLVED_STATUSES = (ReportStatus.FIXED, ReportStatus.REJECTED)


def region_ids(*, organization: Organization, service: Service | None) -> set[int]:
    """The regions whose coordinators keep the listing (two queries)."""
    services = (
        Service.objects.filter(pk=service.pk)
        if service is not None
        else Service.objects.filter(organization=organization)
    ).values("pk")
    located = Location.objects.filter(services__in=services, municipality__isnull=False)
    areas = ServiceArea.objects.filter(service__in=services)
    ids = set(
        Region.objects.filter(
            Q(pk__in=located.values("municipality__region"))
            | Q(pk__in=areas.values("region"))
            | Q(pk__in=areas.values("orp__region"))
            | Q(pk__in=areas.values("municipality__region"))
        ).values_list("pk", flat=True)
    )
    seat = organization.municipality_id and organization.municipality.region_id
    if seat and (service is None or not ids):
        ids.add(seat)
    return ids


def keepers(report: Report) -> list[str]:
    """The e-mail addresses of the report's keepers: the organization's editors and the
    regions' coordinators, active and with an address."""
    regions = region_ids(organization=report.organization, service=report.service)
    accounts = (
        Account.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .filter(
            Q(role=Role.EDITOR, organizations=report.organization)
            | Q(role=Role.COORDINATOR, regions__in=regions)
        )
    )
    return sorted(set(accounts.values_list("user__email", flat=True)))


def admin_url(report: Report) -> str:
    return settings.SITE_URL + reverse("admin:services_report_change", args=[report.pk])


def _send(subject_template: str, body_template: str, context: dict, to: list[str], **kwargs):
    """One e-mail in Czech (the keepers' and the public's language); a failing mail server is
    logged, never shown to the reporter, whose report is stored either way."""
    with translation.override("cs"):
        subject = " ".join(render_to_string(subject_template, context).split())
        body = render_to_string(body_template, context)
    try:
        EmailMessage(subject, body, None, to, **kwargs).send()
    except Exception:  # whatever the mail server's trouble, the stored report is what matters
        # No addresses in the log: they are personal data.
        logger.exception("could not send %s to %d recipient(s)", subject_template, len(to))
        return False
    return True


def submit(
    *,
    organization: Organization,
    service: Service | None,
    reason: str,
    message: str,
    email: str,
    form_token: str,
) -> tuple[Report, bool]:
    """Store a report and e-mail its keepers; (report, created). The same form (its token)
    sent again returns the stored report and sends nothing."""
    try:
        with transaction.atomic():
            report = Report.objects.create(
                organization=organization,
                service=service,
                reason=reason,
                message=message,
                email=email,
                form_token=form_token,
            )
    except IntegrityError:
        return Report.objects.get(form_token=form_token), False
    recipients = keepers(report)
    if recipients:
        context = {"report": report, "listing": report.listing, "url": admin_url(report)}
        _send(
            "services/email/report_subject.txt",
            "services/email/report_received.txt",
            context,
            recipients,
            reply_to=[report.email] if report.email else None,
        )
    else:
        logger.warning(
            "report %s: nobody to tell (no editor or coordinator with e-mail)", report.pk
        )
    return report, True


@transaction.atomic
def resolve(
    report: Report, *, user, verify_listing: bool = False, reply: bool = False
) -> dict[str, bool]:
    """After a keeper saved ``report``: stamp who resolved it and when, mark its service
    verified today and e-mail the reporter, as asked. What was done, by name."""
    done = {"verified": False, "replied": False}
    if report.status in RESOLVED_STATUSES and report.resolved_at is None:
        report.resolved_at = timezone.now()
        report.resolved_by = user
        report.save(update_fields=["resolved_at", "resolved_by"])
    elif report.status not in RESOLVED_STATUSES and report.resolved_at is not None:
        report.resolved_at = None
        report.resolved_by = None
        report.save(update_fields=["resolved_at", "resolved_by"])
    if verify_listing and report.service is not None and report.status == ReportStatus.FIXED:
        mark_verified([report.service], user=user)
        done["verified"] = True
    if reply and report.email and report.status in RESOLVED_STATUSES:
        context = {
            "report": report,
            "listing": report.listing,
            "fixed": report.status == ReportStatus.FIXED,
            "listing_url": settings.SITE_URL + report.listing.get_absolute_url(),
        }
        # After the commit: a save that is rolled back sends nothing.
        transaction.on_commit(
            functools.partial(
                _send,
                "services/email/report_reply_subject.txt",
                "services/email/report_reply.txt",
                context,
                [report.email],
            )
        )
        done["replied"] = True
    return done
