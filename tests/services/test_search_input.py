"""Bad input never breaks the search: a message next to the field, or a 400 — never a 500."""

from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.filters import PARAMS
from tests.factories import ServiceFactory
from tests.services.conftest import MON, THU, outreach, phone_line

pytestmark = pytest.mark.usefixtures("pinned_now", "en_client")


@pytest.fixture
def data(towns, lhotas):
    humpolec, pelhrimov, _ = towns
    outreach(humpolec, THU)
    outreach(pelhrimov, MON, name="Pelhřimov terén")
    phone_line(ServiceFactory(name="Linka"), region=humpolec.region)


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("day=funday", "day", "“funday” is not a day: use mon, tue, wed, thu, fri, sat or sun."),
        ("day=thu&day=funday", "day", "“funday” is not a day"),
        ("time=25:99", "time", "Enter a time as HH:MM, e.g. 14:30."),
        ("time=noon", "time", "Enter a time as HH:MM"),
        ("date=2026-02-30", "date", "Enter an existing date as YYYY-MM-DD, e.g. 2026-11-26."),
        ("date=26.11.2026", "date", "Enter an existing date as YYYY-MM-DD"),
        ("date=1066-10-14", "date", "Enter a date between 2000 and 2100."),
        ("type=unicorns", "type", "Unknown code “unicorns”."),
        ("substance=", None, None),
        ("language=xx", "language", "Unknown code “xx”."),
        ("q=" + "x" * 10_000, "q", "Ensure this value has at most 200 characters"),
        ("town=" + "x" * 10_000, "town", "Ensure this value has at most 100 characters"),
        ("town=Hum%00polec", "town", "Null characters are not allowed."),
        ("q=%00", "q", "Null characters are not allowed."),
        ("town=Atlantida", "town", "No town called “Atlantida” was found."),
        ("orp=Atlantida", "orp", "No ORP “Atlantida” was found."),
        ("region=Atlantida", "region", "No region “Atlantida” was found."),
        ("anonymous=maybe", "anonymous", "Use 1 to turn this on, or leave it out."),
        ("free=2", "free", "Use 1 to turn this on, or leave it out."),
        ("age=-1", "age", "Ensure this value is greater than or equal to 0."),
        ("age=999", "age", "Ensure this value is less than or equal to 120."),
        ("age=1.5", "age", "Ensure that there are no more than 0 decimal places."),
        ("age=abc", "age", "Enter a number."),
        ("sort=random", "sort", "Select a valid choice. random is not one of the available"),
        ("open_now=1&time=10:00", "open_now", "“Open now” sets the date and time"),
    ],
)
def test_bad_parameter_gets_a_message_next_to_its_field(client, data, query, field, message):
    response = client.get(f"/services/?{query}")
    assert response.status_code == 200
    if field is None:
        assert response.context["valid"]
        return
    assert not response.context["valid"]
    assert response.context["results"] == []
    assert message in response.text
    assert f'id="id_{field}_error"' in response.text
    assert "Some of the search fields need correcting" in response.text


def test_an_error_marks_the_input_invalid_and_describes_it(client, data):
    response = client.get("/services/?time=25:99")
    assert (
        '<input type="time" name="time" value="25:99" aria-invalid="true" '
        'aria-describedby="id_time_error" id="id_time">'
    ) in response.text


def test_a_good_field_next_to_a_bad_one_is_kept(client, data):
    response = client.get("/services/?town=Humpolec&day=funday")
    assert 'value="Humpolec"' in response.text


def test_too_many_parameters_are_refused(client, data):
    response = client.get("/services/?" + "day=mon&" * 1100)
    assert response.status_code == 400


def test_binary_junk_in_the_query_string(client, data):
    response = client.get("/services/", QUERY_STRING="town=%FF%FE%00%C3&day=%E2%82")
    assert response.status_code == 200
    assert not response.context["valid"]


# Property-based: whatever the query string, no server error.

VALUES = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
    st.sampled_from(
        [
            "mon",
            "thu",
            "funday",
            "13:00",
            "25:99",
            "2026-11-26",
            "2026-02-30",
            "1",
            "0",
            "-1",
            "99999",
            "Humpolec",
            "lhota",
            "548031",
            "39601",
            "outreach",
            "csv",
            "distance",
            "next_open",
            "kraj-vysocina",
            "6104",
        ]
    ),
)
KEYS = st.sampled_from([*PARAMS, "page", "format", "print", "junk"])
PAIRS = st.lists(st.tuples(KEYS, VALUES), max_size=8)
RAW_BYTES = st.binary(max_size=80)
SETTINGS = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def encode(pairs) -> str:
    return "&".join(f"{quote(key)}={quote(value)}" for key, value in pairs)


@SETTINGS
@given(pairs=PAIRS)
def test_search_never_fails_on_arbitrary_parameters(client, data, pairs):
    response = client.get("/services/", QUERY_STRING=encode(pairs))
    assert response.status_code < 500
    csv = client.get("/services/", QUERY_STRING=encode([*pairs, ("format", "csv")]))
    assert csv.status_code in (200, 400)


@SETTINGS
@given(raw=RAW_BYTES)
def test_search_never_fails_on_raw_bytes(client, data, raw):
    # What a WSGI server hands over: the raw bytes as a latin-1 string, percent-encoded or not.
    for query in (raw.decode("latin-1"), quote_from_bytes(raw, safe="=&")):
        assert client.get("/services/", QUERY_STRING=query).status_code < 500
        assert client.get("/services/towns/suggest/", QUERY_STRING=query).status_code < 500


@SETTINGS
@given(text=VALUES, pairs=PAIRS)
def test_suggestions_never_fail(client, data, text, pairs):
    query = encode([("town", text), *pairs])
    response = client.get("/services/towns/suggest/", QUERY_STRING=query)
    assert response.status_code == 200


@SETTINGS
@given(slug=st.from_regex(r"[-a-zA-Z0-9_]{1,60}", fullmatch=True) | st.text(max_size=30))
def test_town_pages_never_fail(client, data, slug):
    response = client.get(f"/towns/{quote(slug, safe='')}/")
    assert response.status_code in (200, 302, 404)
