"""Every location becomes its organization's, offered by the one service it had; every
service's phone and e-mail become its first contacts. Nothing is dropped: the links keep the
service_at_location id each location was published under, and ``Service.phone`` /
``Service.email`` stay as they were (they are the first public contacts from now on)."""

from django.db import migrations

from services.hsds.ids import derive

BATCH = 1000


def forwards(apps, schema_editor):
    Location = apps.get_model("services", "Location")
    ServiceAtLocation = apps.get_model("services", "ServiceAtLocation")
    Service = apps.get_model("services", "Service")
    ServiceContact = apps.get_model("services", "ServiceContact")

    links = []
    rows = Location.objects.order_by("pk").values_list(
        "pk", "service_id", "service__organization_id", "hsds_id", "derived_hsds_id"
    )
    for pk, service_id, organization_id, hsds_id, derived in rows.iterator():
        Location.objects.filter(pk=pk).update(organization_id=organization_id)
        # The id our export has used for this location as a service_at_location so far.
        published = hsds_id or derived or derive("service_at_location", pk)
        links.append(ServiceAtLocation(service_id=service_id, location_id=pk, hsds_id=published))
    ServiceAtLocation.objects.bulk_create(links, batch_size=BATCH)

    contacts = []
    for service_id, phone, email in Service.objects.order_by("pk").values_list(
        "pk", "phone", "email"
    ):
        if phone:
            contacts.append(
                ServiceContact(service_id=service_id, kind="phone", value=phone, position=0)
            )
        if email:
            contacts.append(
                ServiceContact(service_id=service_id, kind="email", value=email, position=1)
            )
    ServiceContact.objects.bulk_create(contacts, batch_size=BATCH)


def backwards(apps, schema_editor):
    """Each location back to its first service (shared locations: the others lose it)."""
    Location = apps.get_model("services", "Location")
    ServiceAtLocation = apps.get_model("services", "ServiceAtLocation")
    for link in ServiceAtLocation.objects.order_by("location_id", "pk"):
        Location.objects.filter(pk=link.location_id).update(service_id=link.service_id)
    ServiceAtLocation.objects.all().delete()
    apps.get_model("services", "ServiceContact").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0010_shared_locations_and_contacts"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
