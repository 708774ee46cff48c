import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL settings")
def test_postgresql_connections_fail_fast_and_skip_jit():
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert connection.settings_dict["OPTIONS"]["connect_timeout"] == 3
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL settings")
def test_postgresql_plans_a_query_run_again_once():
    """Server-side binding: from its fifth run the connection's query is a prepared statement,
    which PostgreSQL does not plan again."""
    from directory.models import Region

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            return cursor.fetchone()[0]

    before = prepared()
    for code in range(6):
        list(Region.objects.filter(slug=f"kraj-{code}").values_list("pk", flat=True))
    assert prepared() == before + 1
