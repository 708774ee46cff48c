from django.db import DatabaseError, connection
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from directory.models import Organization, Publication, Region
from services.models import Service, ServiceStatus, Term, Vocabulary


def home(request):
    services = Service.objects.listed().for_listing()
    # Services counted in a region by where they are delivered (premises and outreach stops).
    located = "municipalities__locations__service"
    regions = Region.objects.annotate(
        service_count=Count(
            located,
            filter=Q(
                **{
                    f"{located}__publication": Publication.PUBLISHED,
                    f"{located}__status__in": [ServiceStatus.ACTIVE, ServiceStatus.PLANNED],
                }
            ),
            distinct=True,
        )
    )
    return render(
        request,
        "directory/home.html",
        {
            "regions": regions,
            "services": services,
            "types": Term.objects.of(Vocabulary.SERVICE_TYPE),
        },
    )


@never_cache
def healthz(request):
    """For the load balancer: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


class OrganizationList(ListView):
    template_name = "directory/organization_list.html"
    paginate_by = 50

    def get_queryset(self):
        return Organization.objects.published()


class OrganizationDetail(DetailView):
    template_name = "directory/organization_detail.html"

    def get_queryset(self):
        return Organization.objects.published()
