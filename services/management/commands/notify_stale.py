"""E-mail each organization's editors the list of their service listings to check: stale, never
verified, or with no contact at all.

Run it from cron, e.g. every Monday at 7:00:
    0 7 * * 1  cd /srv/adresar && .venv/bin/python manage.py notify_stale
"""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from directory.models import Account, Publication, Role
from directory.text import counted
from services.models import Service, ServiceStatus
from services.rules import stale_cutoff
from services.verification import queue_reasons, stale_q


class Command(BaseCommand):
    help = (
        "E-mail each organization's editors the services not verified for STALE_AFTER_DAYS "
        "or with no contact at all (archived and ended services excepted). Meant for cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print who would get what; send nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        services = (
            Service.objects.exclude(publication=Publication.ARCHIVED)
            .exclude(status=ServiceStatus.ENDED)
            .filter(stale_q(today))
            .with_open_reports()
            .select_related("organization")
            .order_by(
                "organization__name",
                "organization_id",
                F("last_verified").asc(nulls_first=True),
                "name",
                "id",
            )
        )
        by_organization = defaultdict(list)
        for service in services:
            by_organization[service.organization].append(service)

        editors = defaultdict(set)
        rows = (
            Account.objects.filter(
                role=Role.EDITOR,
                user__is_active=True,
                organizations__in=[organization.pk for organization in by_organization],
            )
            .exclude(user__email="")
            .values_list("organizations", "user__email")
        )
        for organization_id, email in rows:
            editors[organization_id].add(email)

        sent = 0
        for organization, stale in by_organization.items():
            recipients = sorted(editors.get(organization.pk, ()))
            if not recipients:
                self.stderr.write(
                    f"{organization}: {len(stale)} stale, no editor with an e-mail address"
                )
                continue
            context = {
                "organization": organization,
                "services": [
                    (
                        service,
                        settings.SITE_URL
                        + reverse("admin:services_service_change", args=[service.pk]),
                        queue_reasons(service, today),
                    )
                    for service in stale
                ],
                "days": settings.STALE_AFTER_DAYS,
                "cutoff": stale_cutoff(today),
            }
            subject = " ".join(
                render_to_string("services/email/stale_subject.txt", context).split()
            )
            body = render_to_string("services/email/stale_services.txt", context)
            if not dry_run:
                send_mail(subject, body, None, recipients)
            sent += 1
            self.stdout.write(f"{organization}: {len(stale)} stale → {', '.join(recipients)}")
        verb = "would send" if dry_run else "sent"
        self.stdout.write(f"{verb} {counted(sent, 'e-mail')}")
