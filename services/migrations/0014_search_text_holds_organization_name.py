"""A service's search_text now ends with its organization's name (services.models.search_text),
so free text finds a service by either with one trigram index lookup per word."""

from django.db import migrations

from directory.text import fold


def refold(apps, schema_editor):
    Service = apps.get_model("services", "Service")
    services = list(
        Service.objects.select_related("organization").only(
            "name", "summary", "description", "organization__name"
        )
    )
    for service in services:
        service.search_text = fold(
            " ".join(
                (service.name, service.summary, service.description, service.organization.name)
            )
        )
    Service.objects.bulk_update(services, ["search_text"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0013_review_of_editors_changes"),
    ]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop, elidable=True)]
