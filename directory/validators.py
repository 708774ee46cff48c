"""Validators for Czech identifiers, postal codes, phone numbers and coordinates.

Messages are in Czech (through gettext) and say how to fix the value.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The Czech Republic's bounding box with a small margin (WGS 84).
CZ_LATITUDE = (48.5, 51.1)
CZ_LONGITUDE = (12.0, 18.9)

_ICO = re.compile(r"^\d{8}$")
_POSTAL_CODE = re.compile(r"^\d{3} ?\d{2}$")


def ico_is_valid(value: str) -> bool:
    """IČO: eight digits, the last a mod-11 check digit over the first seven (weights 8…2)."""
    if not _ICO.match(value or ""):
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(value[:7], range(8, 1, -1), strict=True)
    )
    return (11 - total % 11) % 10 == int(value[7])


def validate_ico(value: str) -> None:
    if not _ICO.match(value or ""):
        raise ValidationError(
            _("IČO has exactly 8 digits, without spaces (e.g. 00216208)."), code="ico_format"
        )
    if not ico_is_valid(value):
        raise ValidationError(
            _("This IČO fails the checksum: check the digits against the business register."),
            code="ico_checksum",
        )


def normalise_postal_code(value: str) -> str:
    return re.sub(r"\s", "", value or "")


def validate_postal_code(value: str) -> None:
    if not _POSTAL_CODE.match(value or ""):
        raise ValidationError(
            _("A postal code has 5 digits, e.g. 396 01 or 39601."), code="postal_code"
        )


def normalise_phone(value: str) -> str:
    """Return the number in +420 form ("+420 518 611 589"); raise ValidationError if it is not one.

    Czech numbers have nine digits after the country code; foreign numbers are kept with their
    own country code and only their spaces removed.
    """
    raw = re.sub(r"[\s\-./()]", "", value or "")
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    if re.fullmatch(r"\d{9}", raw):
        raw = "+420" + raw
    if re.fullmatch(r"\+420\d{9}", raw):
        digits = raw[4:]
        return f"+420 {digits[:3]} {digits[3:6]} {digits[6:]}"
    if re.fullmatch(r"\+(?!420)\d{7,15}", raw):
        return raw
    raise ValidationError(
        _("Enter a phone number as 9 digits or with a country code, e.g. +420 518 611 589."),
        code="phone",
    )


def validate_latitude(value: float) -> None:
    if value is not None and not CZ_LATITUDE[0] <= value <= CZ_LATITUDE[1]:
        raise ValidationError(
            _("Latitude must lie in the Czech Republic (between 48.5 and 51.1)."), code="latitude"
        )


def validate_longitude(value: float) -> None:
    if value is not None and not CZ_LONGITUDE[0] <= value <= CZ_LONGITUDE[1]:
        raise ValidationError(
            _("Longitude must lie in the Czech Republic (between 12.0 and 18.9)."),
            code="longitude",
        )
