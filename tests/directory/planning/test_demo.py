"""The issue's "done when", on the demo data of the seeds (manage.py load_demo)."""

from django.urls import reverse

from tests.directory.planning.test_views import rows_by_orp, table


def test_vysocina_coordinator_sees_outreach_but_no_fixed_contact_centre(en_client, demo):
    response = en_client.get(reverse("planning:region", args=["kraj-vysocina"]))

    assert response.status_code == 200
    highlights = response.context["highlights"]
    without_centre = {orp.name for orp in highlights.outreach_without_fixed_centre}
    assert {"Humpolec", "Pelhřimov"} <= without_centre
    assert "Jihlava" not in without_centre

    reach = rows_by_orp(table(response, "reach-table"))
    # ORP, all services, premises, outreach only, area only, fixed contact centre
    for orp in ("Humpolec", "Pelhřimov"):
        assert int(reach[orp][2]) >= 1, orp  # outreach sessions in the ORP
        assert reach[orp][1] == "0", orp  # nothing with premises there
        assert reach[orp][-1] == "no", orp
    assert reach["Jihlava"][-1] == "yes"

    types = table(response, "types-matrix")
    column = {name: index for index, name in enumerate(types[0])}
    matrix = {row[0]: row for row in types[1:]}
    assert matrix["Humpolec"][column["Outreach programme"]] == "1"
    assert matrix["Humpolec"][column["Contact centre"]] == "0 (gap)"
    # Pelhřimov's contact point is only planned, and only covers it by area.
    assert matrix["Pelhřimov"][column["Contact centre"]] == "1"
    assert (
        response.context["type_rows"][
            [row.orp.name for row in response.context["type_rows"]].index("Pelhřimov")
        ]
        .cells[0]
        .planned
        == 1
    )

    days = rows_by_orp(table(response, "weekdays-matrix"))
    assert days["Humpolec"][3] == "1"  # Thursday
    assert days["Pelhřimov"][0] == "1"  # Monday


def test_demo_index_and_exports_work(en_client, demo):
    index = en_client.get(reverse("planning:index"))
    regions = {row[0]: row for row in table(index, "regions-table")[1:]}
    assert set(regions) >= {"Kraj Vysočina", "Jihomoravský kraj", "Liberecký kraj"}

    csv = en_client.get(reverse("planning:types_csv", args=["kraj-vysocina"]))
    assert csv.status_code == 200
    assert "Humpolec" in csv.content.decode()
