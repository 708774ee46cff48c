import pytest
from django.core.exceptions import ValidationError

from directory.validators import (
    ico_is_valid,
    normalise_phone,
    validate_ico,
    validate_latitude,
    validate_longitude,
    validate_postal_code,
)
from tests.factories import OrganizationFactory


@pytest.mark.parametrize("ico", ["00216208", "00064581", "25596641", "27082440"])
def test_real_icos_pass_the_checksum(ico):
    assert ico_is_valid(ico)
    validate_ico(ico)


@pytest.mark.parametrize("ico", ["00216209", "25596642", "1234567", "123456789", "2559664a", ""])
def test_wrong_icos_are_refused(ico):
    assert not ico_is_valid(ico)
    with pytest.raises(ValidationError):
        validate_ico(ico)


def test_ico_message_explains_the_checksum():
    with pytest.raises(ValidationError) as error:
        validate_ico("00216209")
    assert error.value.code == "ico_checksum"


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("518 611 589", "+420 518 611 589"),
        ("776316515", "+420 776 316 515"),
        ("+420 518 611 589", "+420 518 611 589"),
        ("00420 518-611-589", "+420 518 611 589"),
        ("+421 905 123 456", "+421905123456"),
    ],
)
def test_phone_numbers_are_normalised_to_international_form(raw, normalised):
    assert normalise_phone(raw) == normalised


@pytest.mark.parametrize("raw", ["12345", "call us", "+420 12", "5186115890"])
def test_bad_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        normalise_phone(raw)


@pytest.mark.parametrize("value", ["39601", "396 01"])
def test_postal_codes_with_or_without_space(value):
    validate_postal_code(value)


@pytest.mark.parametrize("value", ["3960", "ABCDE", "396 011"])
def test_bad_postal_codes(value):
    with pytest.raises(ValidationError):
        validate_postal_code(value)


def test_coordinates_outside_the_czech_republic_are_refused():
    validate_latitude(49.4)
    validate_longitude(15.2)
    with pytest.raises(ValidationError):
        validate_latitude(52.52)  # Berlin
    with pytest.raises(ValidationError):
        validate_longitude(19.94)  # Kraków


@pytest.mark.django_db
def test_organization_full_clean_normalises_phone_and_checks_ico():
    organization = OrganizationFactory.build(ico="00216209", phone="518611589")
    with pytest.raises(ValidationError) as error:
        organization.full_clean()
    assert "ico" in error.value.message_dict
    organization.ico = "00216208"
    organization.full_clean()
    assert organization.phone == "+420 518 611 589"
