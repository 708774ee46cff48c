"""Fuzzing the API's query parameters: whatever a client sends, the answer is JSON, never a 500."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.hsds import openapi

pytestmark = pytest.mark.django_db

LISTS = list(openapi.LIST_PARAMETERS)
KNOWN = sorted({name for names in openapi.LIST_PARAMETERS.values() for name in names})
TRICKY = [
    "",
    "0",
    "-1",
    "1",
    "2",
    "99999999999999999999",
    "1e9",
    "NaN",
    "true",
    "maybe",
    "mon",
    "mon,thu",
    "funday",
    "25:99",
    "10:00",
    "2026-02-30",
    "2026-03-02",
    "2026-03-02T10:00:00+01:00",
    "Lhota",
    "Humpolec",
    "pelhrimov",
    "547786",
    "CZ063",
    "ORP Humpolec",
    "396 01",
    "outreach",
    "ac148810-d857-441c-9679-408f346de14b",
    "%00",
    "' OR 1=1 --",
    "x" * 600,
]
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
values = st.one_of(st.sampled_from(TRICKY), text, st.integers().map(str), st.floats().map(str))
parameters = st.dictionaries(
    st.one_of(st.sampled_from(KNOWN), text),
    st.one_of(values, st.lists(values, min_size=1, max_size=3)),
    max_size=6,
)
paths = st.one_of(
    st.sampled_from(["/api/", *(f"/api{path}" for path in LISTS)]),
    st.builds(
        lambda path, ident: f"/api{path}/{ident}",
        st.sampled_from(LISTS),
        st.one_of(
            st.sampled_from(TRICKY[:-1]), st.uuids().map(str), text.filter(lambda t: "/" not in t)
        ),
    ),
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(path=paths, params=parameters)
def test_no_query_string_makes_the_api_fail(client, sample, path, params):
    response = client.get(path, params)
    assert response.status_code in (200, 400, 404), (path, params, response.content[:300])
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    if response.status_code != 200:
        assert data["message"]
