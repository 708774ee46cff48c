import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from directory.logfilters import NoPersonalData

pytestmark = pytest.mark.django_db


def test_responses_carry_the_security_headers(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp


def test_cached_pages_carry_the_security_headers_too(client, page_cache):
    client.get("/")
    response = client.get("/")
    assert response["X-Cache"] == "hit"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_forms_that_change_something_carry_a_csrf_token(client, professional):
    assert "csrfmiddlewaretoken" in client.get("/accounts/login/").content.decode()
    client.force_login(professional)
    page = client.get("/").content.decode()
    assert page.count("csrfmiddlewaretoken") == 1  # the sign-out form
    assert 'action="/accounts/logout/"' in page


def test_cookies_are_secure_under_https():
    assert settings.SESSION_COOKIE_HTTPONLY
    # tests run with SECURE=0; production (SECURE=1) is checked by `check --deploy`
    # in tests/directory/test_settings.py.
    assert settings.SESSION_COOKIE_SECURE == settings.SECURE
    assert settings.CSRF_COOKIE_SECURE == settings.SECURE


def test_the_500_page_is_static():
    page = (Path(settings.BASE_DIR) / "templates" / "500.html").read_text()
    assert "{%" not in page and "{{" not in page


def test_the_503_page_is_static():
    page = (Path(settings.BASE_DIR) / "templates" / "503.html").read_text()
    assert "{%" not in page and "{{" not in page


def _record(msg, *args, **extra):
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, msg, args, None)
    record.__dict__.update(extra)
    return record


def test_log_records_lose_query_strings_and_the_request():
    record = _record(
        '"GET %s HTTP/1.1" %s', "/services/?town=Humpolec&substance=pervitin", 500, request=object()
    )
    assert NoPersonalData().filter(record)
    message = record.getMessage()
    assert "Humpolec" not in message and "pervitin" not in message
    assert "/services/?" in message and "500" in message
    assert record.request is None


def test_log_messages_without_personal_data_are_kept():
    record = _record("Internal Server Error: %s", "/services/kc-jihlava/")
    NoPersonalData().filter(record)
    assert record.getMessage() == "Internal Server Error: /services/kc-jihlava/"


def test_the_console_log_handler_uses_the_filter():
    assert "no_personal_data" in settings.LOGGING["handlers"]["console"]["filters"]


def test_a_form_over_the_request_size_limit_gets_a_page_saying_so(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    # The CSRF check reads the form first, so the limit is met in middleware, not in a view.
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")  # sets the CSRF cookie, or the form would not be read
    response = client.post("/accounts/login/", {"username": "x" * 2000, "password": "x"})
    assert response.status_code == 413
    page = response.content.decode()
    assert "Odeslaný formulář je větší, než tento web přijímá: nejvýše 1000\xa0bajtů" in page
    assert "Nic se neuložilo." in page


def test_other_bad_requests_get_djangos_static_page(client, settings):
    settings.ALLOWED_HOSTS = ["adresar.example"]
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "<h1>Bad Request (400)</h1>" in response.content.decode()
