"""``/api/openapi.json`` (our endpoints, HSDS parameters and our extensions) and ``/api/profile``
(the Czech profile's conventions, machine-readable)."""

from services.hsds import HSDS_VERSION, taxonomy
from services.hsds.filtering import TERM_PARAMETERS
from services.hsds.serializers import STATUS, UNIT_NAMES, UNIT_SCHEME
from services.rules import CAPACITY_FRESH_DAYS

SPEC = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema"


def _parameter(name, description, schema, *, extension=False, explode=False):
    parameter = {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }
    if explode:
        parameter |= {"style": "form", "explode": True}
    if extension:
        parameter["x-czech-profile"] = True
    return parameter


_BOOLEAN = {"type": "boolean"}
_STRING = {"type": "string", "maxLength": 500}

PARAMETERS = {
    "search": _parameter("search", "Full text search (case and diacritics ignored).", _STRING),
    "page": _parameter("page", "Page number, from 1.", {"type": "integer", "minimum": 1}),
    "per_page": _parameter(
        "per_page",
        "Results per page (default 50; more than 100 is read as 100).",
        {"type": "integer", "minimum": 1},
    ),
    "format": _parameter("format", "Only json is available.", {"type": "string", "enum": ["json"]}),
    "full": _parameter("full", "Return fully nested objects.", _BOOLEAN),
    "full_service": _parameter(
        "full_service", "Nest the organization's services in full.", _BOOLEAN
    ),
    "taxonomy_term_id": _parameter(
        "taxonomy_term_id", "Services with this taxonomy term (see /taxonomy_terms).", _STRING
    ),
    "taxonomy_id": _parameter(
        "taxonomy_id", "Services with any term of this taxonomy (see /taxonomies).", _STRING
    ),
    "organization_id": _parameter("organization_id", "Services of this organization.", _STRING),
    "modified_after": _parameter(
        "modified_after",
        "Only what changed in this directory on or after this date or date-time (ISO 8601; "
        "without an offset: Europe/Prague).",
        {"type": "string", "format": "date-time"},
    ),
    "postcode": _parameter(
        "postcode",
        "Czech postal code (5 digits). Without proximity: services whose location or service "
        "area covers a municipality with this postcode.",
        {"type": "string", "pattern": "^[0-9]{3} ?[0-9]{2}$"},
    ),
    "proximity": _parameter(
        "proximity",
        "Metres from the centroid of the postcode's municipalities; needs postcode.",
        {"type": "number", "minimum": 0, "maximum": 1000000},
    ),
    "top_only": _parameter("top_only", "Accepted; all our terms are top-level.", _BOOLEAN),
    "parent_id": _parameter("parent_id", "Our vocabularies are flat: always empty.", _STRING),
}

_CODES = "Codes of /taxonomy_terms ({}); repeat the parameter or separate by commas; any of them."
EXTENSIONS = {
    "q": _parameter("q", "Free text, like search.", _STRING, extension=True),
    "town": _parameter(
        "town",
        "Available in this municipality: name (case and diacritics ignored), slug or 6-digit "
        "ČSÚ code. A schedule at a location there, or a service area covering it (directly, "
        "by its ORP or its region). A name that repeats gives 400 listing the codes.",
        _STRING,
        extension=True,
    ),
    "orp": _parameter(
        "orp", "Located in or covering this ORP: name, slug or ČSÚ code.", _STRING, extension=True
    ),
    "region": _parameter(
        "region",
        "Located in or covering this region (kraj): name, slug, NUTS 3 code (CZ063) or ČSÚ code.",
        _STRING,
        extension=True,
    ),
    "day": _parameter(
        "day",
        "Has a session on one of these weekdays (with town: there, or remote for a service "
        "covering the town).",
        {
            "type": "array",
            "items": {"type": "string", "enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]},
        },
        extension=True,
        explode=True,
    ),
    "time": _parameter(
        "time",
        "Open at this time of day (HH:MM, Prague time).",
        {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
        extension=True,
    ),
    "open_now": _parameter(
        "open_now",
        "Open right now (Prague time; honours valid from/to, closures and public holidays).",
        _BOOLEAN,
        extension=True,
    ),
    "date": _parameter(
        "date",
        "Has a session on this date (YYYY-MM-DD), with every-N-weeks, n-th weekday, closures "
        "and public holidays taken into account.",
        {"type": "string", "format": "date"},
        extension=True,
    ),
    **{
        name: _parameter(
            name,
            _CODES.format(taxonomy.taxonomy_name(vocabulary)),
            {"type": "array", "items": {"type": "string"}},
            extension=True,
            explode=True,
        )
        for name, (vocabulary, _field) in TERM_PARAMETERS.items()
    },
    "age": _parameter(
        "age",
        "Accepts clients of this age.",
        {"type": "integer", "minimum": 0, "maximum": 120},
        extension=True,
    ),
    "anonymous": _parameter("anonymous", "Anonymous services only.", _BOOLEAN, extension=True),
    "free": _parameter("free", "Free services only.", _BOOLEAN, extension=True),
    "capacity": _parameter(
        "capacity",
        f"free: only services with a free place now (a capacity with available > 0 updated in "
        f"the last {CAPACITY_FRESH_DAYS} days, Prague dates). Other values are ignored.",
        {"type": "string", "enum": ["free"]},
        extension=True,
    ),
}

SPEC_3_1 = "https://raw.githubusercontent.com/openreferral/specification/3.1/schema"

# HSDS 3.1's service_capacity (with its unit), the one object this profile adds to the HSDS
# 3.0 service: the service's ``capacities``. The official 3.1 definitions, compiled into one
# schema of the keys we write; the tests validate the API's services against the official
# 3.0 schema with this schema as its ``capacities``.
CAPACITY_SCHEMA = {
    "$comment": f"From {SPEC_3_1}/service_capacity.json and unit.json",
    "title": "Service Capacity (HSDS 3.1)",
    "type": "object",
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "service_id": {"type": "string", "format": "uuid"},
        "unit": {
            "type": "object",
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "name": {"type": "string"},
                "scheme": {"type": "string"},
                "identifier": {"type": "string"},
                "uri": {"type": "string", "format": "uri"},
            },
            "required": ["id", "name"],
        },
        "available": {"type": "number"},
        "maximum": {"type": "number"},
        "description": {"type": "string"},
        "updated": {"type": "string", "format": "date-time"},
    },
    "required": ["id", "unit", "available", "updated"],
}


def _ref(name):
    return {"$ref": f"#/components/parameters/{name}"}


def _ok(description, schema):
    return {
        "200": {"description": description, "content": {"application/json": {"schema": schema}}},
        "304": {"description": "Not modified (If-None-Match / If-Modified-Since)."},
        "400": {"$ref": "#/components/responses/BadRequest"},
        "404": {"$ref": "#/components/responses/NotFound"},
    }


def _page_of(schema_url):
    return {
        "allOf": [{"$ref": "#/components/schemas/Page"}],
        "properties": {"contents": {"type": "array", "items": {"$ref": schema_url}}},
    }


def _list(summary, item_schema, parameters):
    return {
        "get": {
            "summary": summary,
            "parameters": [_ref(name) for name in parameters],
            "responses": _ok(summary, _page_of(item_schema)),
        }
    }


def _detail(summary, schema, parameters=()):
    return {
        "parameters": [
            {"in": "path", "name": "id", "required": True, "schema": {"type": "string"}}
        ],
        "get": {
            "summary": summary,
            "parameters": [_ref(name) for name in parameters],
            "responses": _ok(summary, {"$ref": schema}),
        },
    }


LIST_PARAMETERS = {
    "/services": [
        "search",
        "page",
        "per_page",
        "format",
        "full",
        "taxonomy_term_id",
        "taxonomy_id",
        "organization_id",
        "modified_after",
        *EXTENSIONS,
    ],
    "/organizations": ["search", "page", "per_page", "format", "full"],
    "/service_at_locations": [
        "search",
        "page",
        "per_page",
        "format",
        "full",
        "taxonomy_term_id",
        "taxonomy_id",
        "organization_id",
        "modified_after",
        "postcode",
        "proximity",
    ],
    "/taxonomies": ["search", "page", "per_page", "format"],
    "/taxonomy_terms": [
        "search",
        "page",
        "per_page",
        "format",
        "taxonomy_id",
        "top_only",
        "parent_id",
    ],
}


def document(base_url: str) -> dict:
    """The OpenAPI 3.1 description of the API served at ``base_url``."""
    return {
        "openapi": "3.1.0",
        "info": _info(base_url),
        "servers": [{"url": base_url}],
        "paths": _paths(),
        "components": {
            "parameters": PARAMETERS | EXTENSIONS,
            "schemas": _schemas(),
            "responses": _error_responses(),
        },
    }


def _info(base_url: str) -> dict:
    return {
        "title": "Adresář adiktologických služeb: HSDS 3.0 API (Czech profile)",
        "version": "1.0.0",
        "summary": "Czech addiction services as Open Referral HSDS 3.0, read-only.",
        "description": (
            "HSDS 3.0 read API. Parameters marked x-czech-profile are this directory's "
            "own search filters (the same as on /services/ of the web site). Czech "
            "conventions (municipality codes, service-area extents, taxonomies) are "
            "described at /profile. Responses carry ETag and, where meaningful, "
            "Last-Modified; CORS is open to any origin."
        ),
        "license": {"name": "See the directory's terms of use", "url": f"{base_url}/"},
    }


def _paths() -> dict:
    """Each endpoint, its parameters and the HSDS schema of what it answers."""
    compiled = f"{SPEC}/compiled"
    return {
        "/": {
            "get": {
                "summary": "About this API: HSDS version, profile and this document.",
                "responses": _ok(
                    "API information",
                    {
                        "type": "object",
                        "properties": {
                            "version": {"type": "string"},
                            "profile": {"type": "string", "format": "uri"},
                            "openapi_url": {"type": "string", "format": "uri"},
                        },
                    },
                ),
            }
        },
        "/services": _list(
            "Published services (one-to-one fields; full=true nests everything).",
            f"{compiled}/service_list.json",
            LIST_PARAMETERS["/services"],
        ),
        "/services/{id}": _detail("A service, fully nested.", f"{compiled}/service.json"),
        "/organizations": _list(
            "Published organizations.",
            f"{compiled}/organization_list.json",
            LIST_PARAMETERS["/organizations"],
        ),
        "/organizations/{id}": _detail(
            "An organization with its published services.",
            f"{compiled}/organization.json",
            ["full_service"],
        ),
        "/service_at_locations": _list(
            "Where and when published services are given.",
            f"{compiled}/service_at_location_list.json",
            LIST_PARAMETERS["/service_at_locations"],
        ),
        "/service_at_locations/{id}": _detail(
            "A service at a location, fully nested.",
            f"{compiled}/service_at_location.json",
        ),
        "/taxonomies": _list(
            "Our taxonomies.", f"{SPEC}/taxonomy.json", LIST_PARAMETERS["/taxonomies"]
        ),
        "/taxonomies/{id}": _detail("A taxonomy.", f"{SPEC}/taxonomy.json"),
        "/taxonomy_terms": _list(
            "Terms of our taxonomies (code = the code used in filters and files).",
            f"{SPEC}/taxonomy_term.json",
            LIST_PARAMETERS["/taxonomy_terms"],
        ),
        "/taxonomy_terms/{id}": _detail("A taxonomy term.", f"{SPEC}/taxonomy_term.json"),
    }


def _schemas() -> dict:
    """Our own schemas: a list page's counters and the error body."""
    return {
        "Page": {
            "type": "object",
            "properties": {
                "total_items": {"type": "integer"},
                "total_pages": {"type": "integer"},
                "page_number": {"type": "integer"},
                "size": {"type": "integer"},
                "first_page": {"type": "boolean"},
                "last_page": {"type": "boolean"},
                "empty": {"type": "boolean"},
            },
        },
        "Error": {
            "type": "object",
            "required": ["status", "message"],
            "properties": {
                "status": {"type": "integer"},
                "message": {"type": "string"},
                "errors": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    }


def _error_responses() -> dict:
    return {
        name: {
            "description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for name, description in (
            ("BadRequest", "A parameter is invalid; the message says which and why."),
            ("NotFound", "No such object, page or endpoint."),
        )
    }


def profile() -> dict:
    return {
        "name": "HSDS 3.0, Czech profile of the Adresář adiktologických služeb",
        "hsds_version": HSDS_VERSION,
        "location_municipality": {
            "external_identifier_type": "cz_obec",
            "external_identifier": "6-digit ČSÚ municipality code (= RÚIAN code)",
            "fallback": "addresses[].city (+ postal_code for names that repeat), "
            "case and diacritics ignored",
        },
        "service_area": {
            "extent_type": "text",
            "extent": ["obec:<ČSÚ code>", "orp:<ČSÚ code>", "kraj:<NUTS 3 code, e.g. CZ063>"],
            "fallback": "name: a municipality, 'ORP <name>' or a region",
        },
        "schedules": {
            "attached_to": "service_at_locations[].schedules",
            "freq": ["WEEKLY", "MONTHLY"],
            "byday": "MO,TH weekly; 2MO or -1FR (n-th or last weekday) monthly",
            "interval": "every N weeks or months, counted from valid_from (= dtstart)",
            "times": "opens_at, closes_at: Europe/Prague local time",
            "public_holidays": "closed unless the schedule has profile attribute "
            "open_on_holidays = true",
        },
        "status": {ours.value: theirs for ours, theirs in STATUS.items()},
        "taxonomies": taxonomy.taxonomies(),
        "profile_terms": {code: term.description for code, term in taxonomy.PROFILE_TERMS.items()},
        "cost": "cost_options[] with amount 0 = free of charge; fees_description = cost note",
        "organization": "legal_status = our legal form code (spolek, ops, zu, církevní, po, "
        "obec, stát, sro, zdrav, jiná); organization_identifiers[] with identifier_scheme "
        "CZ-ICO = IČO; locations[] of type postal = the seat",
        "registration": "licenses = MPSV register identifier and § of Act 108/2006 Sb.; "
        "accreditations = RVKPP certification and its expiry",
        "publication": "an import publishes a service only when asked to, or when the record "
        "has the profile attribute publication = published",
        "extensions": {
            "capacities": {
                "extends": f"HSDS {HSDS_VERSION} service",
                "from": "HSDS 3.1 service_capacity (with unit)",
                "property": "capacities",
                "type": "array",
                "items": CAPACITY_SCHEMA,
                "units": {
                    "scheme": UNIT_SCHEME,
                    "identifiers": {code.value: name for code, name in UNIT_NAMES.items()},
                    "import": "unit.identifier of this scheme, else unit.name (místo, lůžko, "
                    "klient or place, bed, client; singular or plural)",
                },
                "free": f"available > 0 and updated within the last {CAPACITY_FRESH_DAYS} days "
                "(Europe/Prague dates); an older figure is shown as such and never counts as "
                "free (the capacity=free filter)",
                "updated": "when the figures were last confirmed; an import keeps the file's",
                "ids": "derived from the service id, the unit and its rank among the service's "
                "capacities of that unit",
                "waiting_list": "not exported: HSDS 3.1 has no field for it; an import leaves "
                "ours as it is",
            }
        },
    }
