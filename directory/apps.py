from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    # The module also holds AxesConfig (and imports axes' own): this one is the app's.
    default = True
    name = "directory"
    verbose_name = _("Places and organizations")

    def ready(self):
        from directory import cache, history
        from directory.models import Municipality, Organization, Orp, PlacePart, Region

        history.connect_signals()
        cache.bump_version_on_change((Organization, Region, Orp, Municipality, PlacePart))


class AxesConfig(AxesAppConfig):
    """django-axes with a Czech name in the admin (its models' names: third_party_messages)."""

    verbose_name = _("Sign-in attempts")
