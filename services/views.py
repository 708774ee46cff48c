from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.generic import DetailView

from directory.models import Municipality
from services.models import Service


def search(request):
    services = Service.objects.listed().for_listing()
    return render(request, "services/search.html", {"services": services})


class ServiceDetail(DetailView):
    template_name = "services/service_detail.html"

    def get_queryset(self):
        return Service.objects.published().for_listing()


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
