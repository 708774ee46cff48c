import hashlib
import logging

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm

from directory import ratelimit

log = logging.getLogger(__name__)


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's password-reset form that sends at most PASSWORD_RESET_RATE_PER_ADDRESS e-mails
    to one address and handles PASSWORD_RESET_RATE_PER_CLIENT requests from one client.

    Beyond either limit nothing is sent, but the visitor sees the very same "if an account has
    this address, a link is on its way" page, so the limit tells nobody whether an address has
    an account. Addresses are counted whether or not they have one, for the same reason.
    """

    def save(self, *args, request=None, **kwargs):
        address = self.cleaned_data["email"].strip().lower()
        address_key = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
        over = ratelimit.hit(
            "password-reset-client",
            ratelimit.client_key(request),
            settings.PASSWORD_RESET_RATE_PER_CLIENT,
        ) or ratelimit.hit(
            "password-reset-address", address_key, settings.PASSWORD_RESET_RATE_PER_ADDRESS
        )
        if over:
            log.warning("password reset not sent: over the limit for this address or client")
            return
        super().save(*args, request=request, **kwargs)
