from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Places and organizations")


class AxesConfig(AxesAppConfig):
    """django-axes with a Czech name in the admin (its models' names: third_party_messages)."""

    verbose_name = _("Sign-in attempts")
