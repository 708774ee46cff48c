"""Trigram indexes for the search's free text (``q``), on PostgreSQL only.

``q`` matches each word anywhere in a service's folded text or its organization's folded name
(``LIKE '%word%'``), which a B-tree cannot serve: without these, every search by text reads all
services. pg_trgm is a trusted extension (PostgreSQL 13+), so the database owner may create it.
SQLite (development, tests) scans, which is fine at its sizes; these indexes are outside the
model state because SQLite cannot create them.
"""

from django.db import migrations

INDEXES = {
    "service_search_text_trgm": ("services_service", "search_text"),
    "organization_search_name_trgm": ("directory_organization", "search_name"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("{column}" gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0003_listing_order_and_remote_index"),
        ("directory", "0004_organization_search_name"),
    ]

    operations = [migrations.RunPython(create, drop)]
