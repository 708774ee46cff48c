from django.urls import path, re_path

from services.hsds import views

app_name = "hsds"
urlpatterns = [
    path("", views.index, name="index"),
    path("profile", views.profile, name="profile"),
    path("openapi.json", views.openapi_document, name="openapi"),
    path("services", views.services, name="services"),
    path("services/<str:hsds_id>", views.service, name="service"),
    path("organizations", views.organizations, name="organizations"),
    path("organizations/<str:hsds_id>", views.organization, name="organization"),
    path("service_at_locations", views.service_at_locations, name="service_at_locations"),
    path(
        "service_at_locations/<str:hsds_id>",
        views.service_at_location,
        name="service_at_location",
    ),
    path("taxonomies", views.taxonomies, name="taxonomies"),
    path("taxonomies/<str:hsds_id>", views.taxonomy_detail, name="taxonomy"),
    path("taxonomy_terms", views.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<str:hsds_id>", views.taxonomy_term, name="taxonomy_term"),
    # Anything else under /api/ answers a JSON 404, not the HTML page.
    re_path(r"^(?P<path>.*)$", views.not_found),
]
