"""/sitemap.xml: published services, organizations and events, and the towns with services.

Absolute addresses come from settings.SITE_URL rather than the Sites framework or the request's
Host header, so the sitemap is the same behind any proxy.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef

from directory.models import Municipality, Organization
from events.models import Event
from services.models import Location, Service


class _SiteUrl:
    """What Sitemap.get_urls needs of a Site: the domain (with any path prefix of SITE_URL)."""

    def __init__(self, site_url: str):
        parts = urlsplit(site_url)
        self.protocol = parts.scheme or "https"
        self.domain = parts.netloc + parts.path.rstrip("/")
        self.name = self.domain


class SiteUrlSitemap(Sitemap):
    limit = 5000

    def get_urls(self, page=1, site=None, protocol=None):
        site_url = _SiteUrl(settings.SITE_URL)
        return super().get_urls(page=page, site=site_url, protocol=site_url.protocol)


class ServiceSitemap(SiteUrlSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        # Only what a URL needs: the information for professionals is never loaded here.
        return Service.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, service):
        return service.updated_at


class OrganizationSitemap(SiteUrlSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Organization.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, organization):
        return organization.updated_at


class TownSitemap(SiteUrlSitemap):
    """Towns where a listed service has premises or an outreach stop."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        located = Location.objects.filter(
            municipality=OuterRef("pk"), services__in=Service.objects.listed()
        )
        return Municipality.objects.filter(Exists(located)).only("slug").order_by("pk")


class EventSitemap(SiteUrlSitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return Event.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, event):
        return event.updated_at


SITEMAPS = {
    "services": ServiceSitemap,
    "organizations": OrganizationSitemap,
    "towns": TownSitemap,
    "events": EventSitemap,
}
