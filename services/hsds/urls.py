from django.urls import path, re_path

from services.hsds import views

app_name = "hsds"

# HSDS paths have no trailing slash; one is tolerated (no redirect needed by API clients).
_ID = r"(?P<hsds_id>[^/]+)/?$"
urlpatterns = [
    path("", views.index, name="index"),
    re_path(r"^profile/?$", views.profile, name="profile"),
    re_path(r"^openapi\.json$", views.openapi_document, name="openapi"),
    re_path(r"^services/?$", views.services, name="services"),
    re_path(rf"^services/{_ID}", views.service, name="service"),
    re_path(r"^organizations/?$", views.organizations, name="organizations"),
    re_path(rf"^organizations/{_ID}", views.organization, name="organization"),
    re_path(r"^service_at_locations/?$", views.service_at_locations, name="service_at_locations"),
    re_path(rf"^service_at_locations/{_ID}", views.service_at_location, name="service_at_location"),
    re_path(r"^taxonomies/?$", views.taxonomies, name="taxonomies"),
    re_path(rf"^taxonomies/{_ID}", views.taxonomy_detail, name="taxonomy"),
    re_path(r"^taxonomy_terms/?$", views.taxonomy_terms, name="taxonomy_terms"),
    re_path(rf"^taxonomy_terms/{_ID}", views.taxonomy_term, name="taxonomy_term"),
    # Anything else under /api/ answers a JSON 404, not the HTML page.
    re_path(r"^(?P<path>.*)$", views.not_found),
]
