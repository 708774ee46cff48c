"""Editors and coordinators post alerts on the services in their scope."""

import datetime

from django.urls import reverse

from tests.admin_forms import add_inline_row, change_form_data


def test_an_editor_posts_an_alert_in_the_admin(world, editor_client):
    url = reverse("admin:services_service_change", args=[world.our_service.pk])
    data = change_form_data(editor_client.get(url))
    add_inline_row(
        data, "alerts", text="Dnes terén nevyjíždí", starts_on="2026-11-23", ends_on="2026-11-23"
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    [posted] = world.our_service.alerts.all()
    assert (posted.text, posted.starts_on) == ("Dnes terén nevyjíždí", datetime.date(2026, 11, 23))


def test_a_coordinator_of_another_region_cannot_post_an_alert(world, other_coordinator_client):
    url = reverse("admin:services_service_change", args=[world.our_service.pk])
    assert other_coordinator_client.get(url).status_code == 404
