"""Demo accounts, one per role, so that a developer can try the scoped workflow (``load_demo``
with DEBUG on; never in production).

A coordinator of Kraj Vysočina, an editor of Centrum U Větrníku and a professional, all with
one development password (the README lists them). Idempotent: existing accounts are left as
they are, their passwords included, so a changed password survives another ``make run``.
"""

import dataclasses

from django.conf import settings
from django.contrib.auth import get_user_model

from directory.models import Account, Organization, Region, Role
from directory.services import save_account

PASSWORD = "adresar-demo"


@dataclasses.dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    regions: tuple[str, ...] = ()  # slugs
    organizations: tuple[str, ...] = ()  # slugs


ACCOUNTS = (
    DemoAccount("koordinator", Role.COORDINATOR, regions=("kraj-vysocina",)),
    DemoAccount("editor", Role.EDITOR, organizations=("centrum-u-vetrniku",)),
    DemoAccount("odbornik", Role.PROFESSIONAL, regions=("kraj-vysocina",)),
)


def create_demo_accounts() -> list[DemoAccount]:
    """Create the accounts that are missing (only with DEBUG on); return those created."""
    if not settings.DEBUG:
        return []
    users = get_user_model().objects
    created = []
    for demo in ACCOUNTS:
        if users.filter(username=demo.username).exists():
            continue
        account = save_account(
            account=Account(),
            username=demo.username,
            email=f"{demo.username}@example.invalid",
            role=demo.role,
            regions=Region.objects.filter(slug__in=demo.regions),
            organizations=Organization.objects.filter(slug__in=demo.organizations),
        )
        account.user.set_password(PASSWORD)
        account.user.save(update_fields=["password"])
        created.append(demo)
    return created
