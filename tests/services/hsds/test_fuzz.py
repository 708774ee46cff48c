"""Fuzzing the API's query parameters: whatever a client sends, the answer is JSON, never a 500."""

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.hsds import openapi
from services.hsds.import_ import import_records

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
    "²",
    "١٢",
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


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(text, children, max_size=3),
    max_leaves=8,
)


def _paths(value, prefix=()):
    """Every place in a JSON document where a value could be swapped."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*prefix, key)
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*prefix, index)
            yield from _paths(item, (*prefix, index))


def _replace(document, path, new):
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new


@pytest.fixture
def exported(sample):
    from services.hsds.export import exported_services

    return exported_services()


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_record_makes_the_import_crash(exported, data):
    """Any value anywhere in a valid record: the import reports, it never raises."""
    record = copy.deepcopy(data.draw(st.sampled_from(exported)))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(list(_paths(record))))
        _replace(record, path, data.draw(json_values))
    report = import_records([record], dry_run=True)
    assert report.lines()
