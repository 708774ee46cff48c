"""Synthetic organizations, at the seats of ORPs; a region's church organizations are branches
of its first one."""

from django.utils import timezone
from django.utils.text import slugify

from directory.models import LegalForm, Organization, Publication
from directory.synthetic.data import ORGANIZATION_NAMES, STREETS, WORDS
from directory.synthetic.generator import BATCH, PREFIX, Generator, phone
from directory.text import fold


def create(generator: Generator, count: int) -> list[tuple[Organization, int]]:
    """Create ``count`` organizations; return them with their home ORP id."""
    rng = generator.rng
    made = []
    for index in range(count):
        orp_id = rng.choice(generator.orp_ids)
        seat = generator.seats[orp_id]
        legal_form, pattern = rng.choice(ORGANIZATION_NAMES)
        name = pattern.format(town=seat.name, word=rng.choice(WORDS))
        organization = Organization(
            name=name,
            search_name=fold(name),
            slug=f"{PREFIX}o{index:05d}-{slugify(name)[:60]}".rstrip("-"),
            legal_form=legal_form,
            ico=_ico(generator, 9_000_000 + index * 7),
            description=f"{name} poskytuje sociální a zdravotní služby v regionu.",
            website=f"https://{slugify(name)[:40]}.example.cz",
            email=f"info@{slugify(name)[:40]}.example.cz",
            phone=phone(rng),
            address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
            municipality_id=seat.id,
            publication=Publication.PUBLISHED,
            published_at=timezone.now(),
        )
        generator.rows.add(organization)
        made.append((organization, orp_id))
    generator.rows.flush(Organization)
    # Church organizations of a region become branches of its first one (as local
    # Charitas are of the diocesan one).
    parents, branches = {}, []
    for organization, orp_id in made:
        if organization.legal_form != LegalForm.CHURCH:
            continue
        region_id = generator.seats[orp_id].region_id
        if region_id in parents:
            organization.parent_id = parents[region_id]
            branches.append(organization)
        else:
            parents[region_id] = organization.pk
    Organization.objects.bulk_update(branches, ["parent"], batch_size=BATCH)
    return made


def _ico(generator: Generator, number: int) -> str:
    """A valid IČO (its check digit right) no organization has, from ``number`` on."""
    while True:
        digits = f"{number:07d}"[-7:]
        total = sum(int(d) * w for d, w in zip(digits, range(8, 1, -1), strict=True))
        ico = digits + str((11 - total % 11) % 10)
        if ico not in generator.used_icos:
            generator.used_icos.add(ico)
            return ico
        number += 1
