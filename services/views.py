from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.generic import DetailView

from directory.models import Municipality
from services.models import Service


def search(request):
    services = Service.objects.listed().for_listing()
    return render(request, "services/search.html", {"services": services})


class ServiceDetail(DetailView):
    """The service profile; what it shows is computed in ``services.profile``."""

    template_name = "services/service_detail.html"
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        from services import profile

        return profile.profile_queryset(self.request.user)

    def get_context_data(self, **kwargs):
        from services import profile

        return super().get_context_data(**kwargs) | profile.profile_context(
            self.object, self.request.user
        )


def town(request, slug):
    municipality = get_object_or_404(Municipality.objects.with_orp(), slug=slug)
    services = (
        Service.objects.listed()
        .available(town=municipality, today=timezone.localdate())
        .for_listing()
    )
    return render(
        request, "services/town.html", {"municipality": municipality, "services": services}
    )
