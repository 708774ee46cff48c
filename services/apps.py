from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services")

    def ready(self):
        from django.db.models.signals import post_save

        from directory import cache
        from directory.models import Organization
        from services import versioning
        from services.models import (
            Alert,
            Closure,
            Location,
            Schedule,
            Service,
            ServiceArea,
            ServiceAtLocation,
            ServiceCapacity,
            ServiceContact,
            Term,
        )

        cache.bump_version_on_change(
            (
                Service,
                Location,
                ServiceAtLocation,
                ServiceContact,
                Schedule,
                ServiceArea,
                Closure,
                Alert,
                ServiceCapacity,
                Term,
            ),
            m2m_fields=(
                Service.types,
                Service.activities,
                Service.target_groups,
                Service.substances,
                Service.languages,
            ),
        )
        versioning.connect_signals()
        post_save.connect(
            _refresh_search_texts, sender=Organization, dispatch_uid="service-search-texts"
        )


def _refresh_search_texts(sender, instance, raw=False, **kwargs):
    from services.models import refresh_search_texts

    if not raw:  # loaddata: the services' texts come with them
        refresh_search_texts(instance)
