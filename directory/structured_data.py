"""schema.org JSON-LD for organization profiles, and the parts that service profiles share
(``services.structured_data``): built from public fields only."""

from django.conf import settings

from directory.models import Organization, Publication


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def without_empty(data: dict) -> dict:
    """Drop empty values so the JSON-LD carries only what is known."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def postal_address(street: str, postal_code: str, municipality) -> dict | None:
    if municipality is None:
        return None
    return without_empty(
        {
            "@type": "PostalAddress",
            "streetAddress": street,
            "postalCode": postal_code or municipality.postal_code,
            "addressLocality": municipality.name,
            "addressRegion": municipality.region.name,
            "addressCountry": "CZ",
        }
    )


def geo(coordinates) -> dict | None:
    if not coordinates:
        return None
    return {"@type": "GeoCoordinates", "latitude": coordinates[0], "longitude": coordinates[1]}


def organization_ref(organization: Organization) -> dict:
    """A short reference to an organization; linked only when its profile is public."""
    data = {"@type": "Organization", "name": organization.name}
    if organization.publication == Publication.PUBLISHED:
        data["@id"] = absolute(organization.get_absolute_url()) + "#organization"
        data["url"] = absolute(organization.get_absolute_url())
    return data


def organization_jsonld(organization: Organization, *, branches=(), services=()) -> dict:
    """The organization with its seat, IČO, parent, public branches and services."""
    url = absolute(organization.get_absolute_url())
    return without_empty(
        {
            "@context": "https://schema.org",
            "@type": "Organization",
            "@id": url + "#organization",
            "name": organization.name,
            "description": organization.description[:300],
            "url": url,
            "sameAs": [organization.website] if organization.website else [],
            "email": organization.email,
            "telephone": organization.phone,
            "address": postal_address(organization.address, "", organization.municipality),
            "identifier": {"@type": "PropertyValue", "propertyID": "IČO", "value": organization.ico}
            if organization.ico
            else None,
            "parentOrganization": organization_ref(organization.parent)
            if organization.parent
            else None,
            "subOrganization": [organization_ref(branch) for branch in branches],
            "makesOffer": [
                {
                    "@type": "Offer",
                    "itemOffered": {
                        "@type": "Service",
                        "name": service.name,
                        "url": absolute(service.get_absolute_url()),
                    },
                }
                for service in services
            ],
        }
    )
