"""Writes touching several models: accounts (a user, its role and scope, the sign-in e-mail)
and places (regions, ORPs, municipalities, their districts and parts)."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from directory.cache import bump_content_version
from directory.db import analyze
from directory.models import Account, Municipality, Orp, PlacePart, PlacePartKind, Region, Role
from directory.places import Coordinates, Parts, Places
from directory.roles import PROFESSIONALS
from directory.text import fold

# Rows per INSERT or UPDATE of a bulk place load: few round trips, statements of bounded size.
BATCH_SIZE = 2000


@transaction.atomic
def save_account(
    *,
    account: Account,
    username: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    is_active: bool = True,
    role: Role,
    regions=(),
    organizations=(),
    by=None,
) -> Account:
    """Save ``account`` (new when it has no pk) with its user.

    A new user gets no password: they choose one through the link ``send_sign_in_link`` mails.
    Coordinators and editors are staff (they use the admin); everybody with an account may read
    the information for professionals.
    """
    if account.pk is None:
        user = get_user_model()(username=username)
        user.set_unusable_password()
        account.created_by = by
    else:
        user = account.user
    user.email = email
    user.first_name = first_name
    user.last_name = last_name
    user.is_active = is_active
    user.is_staff = role in (Role.COORDINATOR, Role.EDITOR)
    user.save()
    user.groups.add(Group.objects.get(name=PROFESSIONALS))
    account.user = user
    account.role = role
    account.save()
    account.regions.set(regions)
    account.organizations.set(organizations)
    return account


def send_sign_in_link(*, user) -> None:
    """E-mail ``user`` a one-time link to choose a password (the password-reset link)."""
    context = {
        "user": user,
        "site_url": settings.SITE_URL,
        "link": settings.SITE_URL
        + reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        ),
    }
    subject = render_to_string("registration/account_created_subject.txt", context)
    body = render_to_string("registration/account_created_email.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


# -- places -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    created: int
    updated: int
    unchanged: int
    stale: int  # in the database but no longer in the source

    def line(self, label: str) -> str:
        text = (
            f"{label}: {self.created} created, {self.updated} updated, {self.unchanged} unchanged."
        )
        if self.stale:
            text += f" {self.stale} no longer in the source were kept."
        return text


def sync_places(
    *,
    places: Places,
    coordinates: dict[str, Coordinates] | None = None,
    parts: Parts | None = None,
    update: bool = True,
) -> dict[str, Counts]:
    """Create the places missing from the database and, with ``update``, update those whose
    values differ; return counts by kind of place. Keyed by codes, so running it again writes
    nothing.

    Bulk writes, about a dozen queries whatever the number of places. Nothing is ever deleted:
    services and organizations point at municipalities with PROTECT, and a municipality that
    merged away is for a person to handle. Slugs of existing rows never change, so that links
    keep working. Without ``coordinates`` (or a row in them) positions are kept.
    """
    with transaction.atomic():
        counts = {
            "Regions": _sync_regions(places, update),
            "ORPs": _sync_orps(places, update),
            "Municipalities": _sync_municipalities(places, coordinates, update),
        }
        if parts is not None:
            counts["City districts"], counts["Parts of municipalities"] = _sync_parts(parts, update)
    analyze(Region, Orp, Municipality, PlacePart)
    if any(count.created or count.updated for count in counts.values()):
        # Bulk writes send no signals: retire cached pages and tables that name places now,
        # and once more when an enclosing transaction (load_demo's) commits.
        bump_content_version()
        transaction.on_commit(bump_content_version)
    return counts


def _sync_regions(places: Places, update: bool) -> Counts:
    wanted = {
        code: {"name": record.name, "nuts_code": record.nuts_code}
        for code, record in places.regions.items()
    }
    return _sync(Region.objects.all(), "csu_code", wanted, update=update, new_slug=_name_slug)


def _sync_orps(places: Places, update: bool) -> Counts:
    region_ids = dict(Region.objects.values_list("csu_code", "id"))
    wanted = {
        code: {
            "name": record.name,
            # bulk_create and bulk_update skip Orp.save(), which would set this.
            "search_name": fold(record.name),
            "region_id": region_ids[record.region_code],
        }
        for code, record in places.orps.items()
    }
    return _sync(Orp.objects.all(), "csu_code", wanted, update=update, new_slug=_name_slug)


def _sync_municipalities(
    places: Places, coordinates: dict[str, Coordinates] | None, update: bool
) -> Counts:
    region_ids = dict(Region.objects.values_list("csu_code", "id"))
    orp_ids = dict(Orp.objects.values_list("csu_code", "id"))
    wanted = {}
    for code, record in places.municipalities.items():
        # The same values Municipality.save() would derive, as bulk operations skip it.
        values = {
            "name": record.name,
            "search_name": fold(record.name),
            "orp_id": orp_ids[record.orp_code],
            "region_id": region_ids[record.region_code],
        }
        position = coordinates.get(code) if coordinates is not None else None
        if position is not None:
            values["latitude"] = position.latitude
            values["longitude"] = position.longitude
            values["postal_code"] = position.postal_code
        wanted[code] = values
    return _sync(
        Municipality.objects.all(),
        "code",
        wanted,
        update=update,
        new_slug=lambda code, name, taken: f"{slugify(name)}-{code}",
    )


def _sync_parts(parts: Parts, update: bool) -> tuple[Counts, Counts]:
    municipality_ids = dict(Municipality.objects.values_list("code", "id"))
    district_names = {code: record.name for code, record in parts.districts.items()}

    def sync(kind: PlacePartKind, records: dict, district_name) -> Counts:
        wanted = {
            code: {
                "kind": kind,
                "name": record.name,
                # bulk_create and bulk_update skip PlacePart.save(), which would set this.
                "search_name": fold(record.name),
                "municipality_id": municipality_ids[record.municipality_code],
                "postal_codes": " ".join(record.postal_codes),
                "district_name": district_name(record),
            }
            for code, record in records.items()
        }
        return _sync(PlacePart.objects.filter(kind=kind), "code", wanted, update=update)

    return (
        sync(PlacePartKind.DISTRICT, parts.districts, lambda record: ""),
        sync(
            PlacePartKind.PART,
            parts.parts,
            lambda record: ", ".join(district_names[code] for code in record.district_codes),
        ),
    )


def _name_slug(code: str, name: str, taken: set[str]) -> str:
    slug = slugify(name)
    return f"{slug}-{code}" if slug in taken else slug


def _sync(queryset, key: str, wanted: dict[str, dict], *, update: bool, new_slug=None) -> Counts:
    """Create the rows of ``wanted`` (code → field values) missing from ``queryset`` and, with
    ``update``, update those whose values differ: three queries plus one per batch written."""
    model = queryset.model
    existing = {getattr(obj, key): obj for obj in queryset}
    taken = set(model.objects.values_list("slug", flat=True)) if new_slug else set()
    to_create, to_update, changed_fields = [], [], set()
    # Sorted so that, when two new names share a slug, the lower code gets the plain one
    # on every database.
    for code, values in sorted(wanted.items()):
        obj = existing.get(code)
        if obj is None:
            obj = model(**{key: code}, **values)
            if new_slug is not None:
                obj.slug = new_slug(code, values["name"], taken)
                taken.add(obj.slug)
            to_create.append(obj)
            continue
        changed = [field for field, value in values.items() if getattr(obj, field) != value]
        if changed and update:
            for field in changed:
                setattr(obj, field, values[field])
            changed_fields.update(changed)
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    if to_update:
        model.objects.bulk_update(to_update, sorted(changed_fields), batch_size=BATCH_SIZE)
    return Counts(
        created=len(to_create),
        updated=len(to_update),
        unchanged=len(wanted) - len(to_create) - len(to_update),
        stale=len(existing.keys() - wanted.keys()),
    )
