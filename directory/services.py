"""Writes touching several models: accounts (a user, its role and scope, the sign-in e-mail)."""

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

from directory.models import Account, Role
from directory.roles import PROFESSIONALS


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
