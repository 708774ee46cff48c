import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from directory.ratelimit import client_ip, parse_rate, ratelimit


@ratelimit("3/m")
def suggest(request):
    return HttpResponse("ok")


def call(view, address="192.0.2.1", **headers):
    return view(RequestFactory().get("/suggest", REMOTE_ADDR=address, **headers))


def test_the_request_over_the_limit_gets_429_with_retry_after(rate_limits):
    assert [call(suggest).status_code for _ in range(3)] == [200, 200, 200]
    response = call(suggest)
    assert response.status_code == 429
    assert response["Retry-After"] == "31"  # the clock is pinned half-way through a minute
    assert "Too many requests" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_the_count_starts_again_in_the_next_window(rate_limits, monkeypatch):
    for _ in range(4):
        call(suggest)
    monkeypatch.setattr("directory.ratelimit.clock", lambda: 1_800_000_060.0)
    assert call(suggest).status_code == 200


def test_each_client_address_has_its_own_count(rate_limits):
    for _ in range(3):
        call(suggest, "192.0.2.1")
    assert call(suggest, "192.0.2.1").status_code == 429
    assert call(suggest, "198.51.100.7").status_code == 200


def test_views_are_counted_separately(rate_limits):
    other = ratelimit("3/m")(lambda request: HttpResponse("ok"))
    for _ in range(3):
        call(suggest)
    assert call(other).status_code == 200


def test_behind_a_proxy_the_forwarded_address_counts_and_cannot_be_forged(rate_limits, settings):
    settings.RATELIMIT_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for _ in range(3):
        call(suggest, proxy, HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert call(suggest, proxy, HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 429
    # A client prepending a made-up address is still counted by the proxy's entry.
    forged = call(suggest, proxy, HTTP_X_FORWARDED_FOR="203.0.113.9, 192.0.2.1")
    assert forged.status_code == 429
    assert call(suggest, proxy, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 200


def test_client_ip_without_proxies_is_the_peer_address(settings):
    settings.RATELIMIT_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "192.0.2.1"


def test_limits_can_be_turned_off(settings):
    settings.RATELIMIT_ENABLED = False
    assert all(call(suggest).status_code == 200 for _ in range(10))


def test_rates_are_parsed_and_checked():
    assert parse_rate("60/m") == (60, 60)
    assert parse_rate("5/s") == (5, 1)
    with pytest.raises(ValueError, match="60/m"):
        parse_rate("sixty")
