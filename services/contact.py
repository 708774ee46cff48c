"""How to reach a service: the one definition the cards, the handout, the CSV and the profile use.

A service's own phone, e-mail and website; when it lists none, its organization's (and the
pages say whose they are); else nothing, and the pages say so instead of leaving a blank. The
quality queue (``services.verification``) flags the last case with the same rule in SQL.
"""

import dataclasses

from django.utils.translation import gettext as _

from directory.models import Organization
from services.models import Service


@dataclasses.dataclass(frozen=True)
class Contact:
    phone: str
    email: str
    website: str
    # Set when these are the organization's details, not the service's own.
    organization: Organization | None = None

    @property
    def is_missing(self) -> bool:
        return not (self.phone or self.email or self.website)

    @property
    def source_text(self) -> str:
        """Whose details these are, in words: the CSV's "Whose contact" column."""
        if self.is_missing:
            return _("no contact listed")
        if self.organization is not None:
            return _("the organization's: %(name)s") % {"name": self.organization.name}
        return _("the service's own")


def _details(obj) -> tuple[str, str, str]:
    return (obj.phone or "", obj.email or "", obj.website or "")


def contact_for(service: Service) -> Contact:
    """The contact to show for ``service``: no query when its organization was fetched with it
    (``for_listing()`` and ``profile_queryset`` select it)."""
    own = _details(service)
    if any(own):
        return Contact(*own)
    organization = service.organization
    inherited = _details(organization)
    if any(inherited):
        return Contact(*inherited, organization=organization)
    return Contact("", "", "")
