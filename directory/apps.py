from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Places and organizations")

    def ready(self):
        from directory import planning  # imports models: only once the registry is ready

        planning.connect_signals()
