"""A database outage gives the friendly 503 page, quickly and without a traceback.

The real thing (PostgreSQL stopped under load, then started again) is bench/fault.py.
"""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection

from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def database_down(error=OperationalError):
    """Every new cursor fails as it does while PostgreSQL is stopped."""
    return mock.patch.object(
        connection,
        "ensure_connection",
        side_effect=error('connection to server at "127.0.0.1", port 5432 failed'),
    )


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_page_needing_the_database_gets_the_friendly_503(client, error):
    service = ServiceFactory()
    with database_down(error):
        response = client.get(service.get_absolute_url())
    assert response.status_code == 503
    content = response.content.decode()
    assert "Adresář je na chvíli nedostupný" in content
    assert "112" in content  # where to get help right now
    assert "Traceback" not in content
    assert "OperationalError" not in content and "5432" not in content
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]


def test_the_503_page_carries_the_security_headers(client):
    with database_down():
        response = client.get("/services/")
    assert response.status_code == 503
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_the_health_check_reports_503_during_the_outage(client):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503


def test_cached_anonymous_pages_are_still_served_during_the_outage(client, page_cache):
    ServiceFactory(name="Kontaktní centrum Jihlava")
    client.get("/services/")
    with database_down():
        response = client.get("/services/")
        uncached = client.get("/services/?page=2")
    assert response.status_code == 200
    assert "Kontaktní centrum Jihlava" in response.content.decode()
    assert uncached.status_code == 503


def test_the_outage_is_logged_once_without_the_query_string(client, caplog):
    with database_down(), caplog.at_level("WARNING"):
        client.get("/services/?q=pervitin&town=Humpolec")
    assert "Database unavailable" in caplog.text
    assert len(caplog.records) == 1
    assert "/services/" in caplog.text
    assert "pervitin" not in caplog.text and "Humpolec" not in caplog.text


def test_an_outage_met_outside_any_view_gets_the_503_too(client, caplog):
    """Middleware saving a session after the view has answered, for example: no view is
    running, so the 503 comes from handler500 rather than from ``process_exception``."""
    client.raise_request_exception = False
    failing_save = mock.patch(
        "django.contrib.sessions.middleware.SessionMiddleware.process_response",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    )
    with failing_save, caplog.at_level("WARNING"):
        response = client.get("/services/?q=pervitin")
    assert response.status_code == 503
    assert "Adresář je na chvíli nedostupný" in response.content.decode()
    assert response["Retry-After"] == "30"
    assert [record.getMessage() for record in caplog.records] == [
        "Database unavailable (OperationalError) for /services/"
    ]


def test_other_errors_still_get_the_500_page(client):
    client.raise_request_exception = False
    with mock.patch("directory.views.render", side_effect=RuntimeError("bug")):
        response = client.get("/")
    assert response.status_code == 500
    assert "Omlouváme se, něco se pokazilo" in response.content.decode()
