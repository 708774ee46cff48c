from django.urls import path

from services import capacity_views, report_views, shortlist_views, views

app_name = "services"
urlpatterns = [
    path("", views.search, name="search"),
    # Two path segments, so no service slug can ever shadow it.
    path("towns/suggest/", views.town_suggestions, name="town_suggestions"),
    # Before the profiles: "shortlist" is a reserved slug (services.models.RESERVED_SLUGS).
    path("shortlist/", shortlist_views.shortlist, name="shortlist"),
    path("<slug:slug>/", views.ServiceDetail.as_view(), name="detail"),
    path("<slug:slug>/report/", report_views.report_service, name="report"),
    path("<slug:slug>/capacity/", capacity_views.update_capacity, name="capacity"),
]
