from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services")

    def ready(self):
        from directory import cache
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
