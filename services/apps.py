from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services")

    def ready(self):
        from directory import cache  # connects to models of all three apps: once all are loaded
        from services import versioning

        cache.connect_signals()
        versioning.connect_signals()
