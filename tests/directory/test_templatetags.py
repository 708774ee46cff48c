"""Template filters and tags of the public pages."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from directory.templatetags.directory_extras import jsonld, osm_url, tel_href


def test_tel_href_keeps_digits_and_the_plus():
    assert tel_href("+420 518 611 589") == "tel:+420518611589"
    assert tel_href("") == "tel:"


def test_osm_url_centres_on_the_point():
    url = osm_url((49.39790, 15.5866))
    assert url == (
        "https://www.openstreetmap.org/?mlat=49.39790&mlon=15.58660#map=16/49.39790/15.58660"
    )
    assert osm_url(None) == ""


def test_jsonld_escapes_markup_and_skips_empty_data():
    html = jsonld({"name": "</script><b>&"})
    assert html == (
        '<script type="application/ld+json">{"name":"\\u003C/script\\u003E\\u003Cb\\u003E\\u0026"}</script>'
    )
    assert jsonld({}) == ""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/organizations/", "https://a.example/organizations/"),
        ("/organizations/?page=2&sort=name", "https://a.example/organizations/?page=2"),
        ("/organizations/?page=1", "https://a.example/organizations/"),
        ("/organizations/?page=-1", "https://a.example/organizations/"),
        ("/services/?town=Jihlava", "https://a.example/services/"),
    ],
)
def test_canonical_url(settings, path, expected):
    settings.SITE_URL = "https://a.example"
    request = RequestFactory().get(path)
    template = Template("{% load directory_extras %}{% canonical_url %}")
    assert template.render(Context({"request": request})) == expected
