from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from directory import cache
        from events.models import Event

        cache.bump_version_on_change(
            (Event,), m2m_fields=(Event.participants, Event.audiences, Event.related_services)
        )
