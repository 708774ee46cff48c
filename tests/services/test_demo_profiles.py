"""Every service and organization of the demo data has a working profile, in both languages."""

import json
import re

import pytest

from directory.models import Organization
from services.models import Service


@pytest.mark.parametrize("language", ["cs", "en"])
def test_every_demo_profile_opens_with_structured_data(client, demo, language):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    pages = [service.get_absolute_url() for service in Service.objects.published()]
    pages += [organization.get_absolute_url() for organization in Organization.objects.published()]
    assert len(pages) > 40
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert f'<html lang="{language}">' in content
        (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content)
        assert json.loads(block)["url"].endswith(url)


def test_demo_outreach_profile_reads_like_the_seed(client, demo):
    content = client.get("/services/centrum-u-vetrniku-terenni-program/").content.decode()
    for town in ("Telč", "Třešť", "Dačice", "Pelhřimov", "Humpolec"):
        assert f"Terénní program – {town}" in content
    assert content.count('<table class="week">') == 5  # a week table per outreach stop
