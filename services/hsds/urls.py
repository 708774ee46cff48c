from django.urls import path, re_path

from directory.ratelimit import ratelimit
from services.hsds import views

app_name = "hsds"

# One budget per client for the whole API: generous for a directory pulling pages, low
# enough that one scraper cannot take the workers from caseworkers.
api_limit = ratelimit("120/m", scope="api")

# HSDS paths have no trailing slash; one is tolerated (no redirect needed by API clients).
_ID = r"(?P<hsds_id>[^/]+)/?$"
urlpatterns = [
    path("", api_limit(views.index), name="index"),
    re_path(r"^profile/?$", api_limit(views.profile), name="profile"),
    re_path(r"^openapi\.json$", api_limit(views.openapi_document), name="openapi"),
    re_path(r"^services/?$", api_limit(views.services), name="services"),
    re_path(rf"^services/{_ID}", api_limit(views.service), name="service"),
    re_path(r"^organizations/?$", api_limit(views.organizations), name="organizations"),
    re_path(rf"^organizations/{_ID}", api_limit(views.organization), name="organization"),
    re_path(
        r"^service_at_locations/?$",
        api_limit(views.service_at_locations),
        name="service_at_locations",
    ),
    re_path(
        rf"^service_at_locations/{_ID}",
        api_limit(views.service_at_location),
        name="service_at_location",
    ),
    re_path(r"^taxonomies/?$", api_limit(views.taxonomies), name="taxonomies"),
    re_path(rf"^taxonomies/{_ID}", api_limit(views.taxonomy_detail), name="taxonomy"),
    re_path(r"^taxonomy_terms/?$", api_limit(views.taxonomy_terms), name="taxonomy_terms"),
    re_path(rf"^taxonomy_terms/{_ID}", api_limit(views.taxonomy_term), name="taxonomy_term"),
    # Anything else under /api/ answers a JSON 404, not the HTML page.
    re_path(r"^(?P<path>.*)$", api_limit(views.not_found)),
]
