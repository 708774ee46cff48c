"""Database housekeeping shared by the bulk loaders."""

from django.db import connection


def analyze(*models) -> None:
    """Fresh planner statistics for ``models``' tables after a bulk load.

    Autovacuum may take minutes to notice a bulk load, and until then PostgreSQL plans with the
    old row counts (a hash join over all 6,258 municipalities where an index lookup of a few
    would do, for instance). SQLite's planner needs no such help here.
    """
    if connection.vendor != "postgresql" or not models:
        return
    tables = [connection.ops.quote_name(model._meta.db_table) for model in models]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(tables))
