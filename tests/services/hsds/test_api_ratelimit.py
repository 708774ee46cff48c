import pytest


@pytest.mark.django_db
def test_the_api_has_one_budget_per_client_and_answers_429_beyond_it(client, rate_limits):
    for number in range(120):
        path = "/api/services" if number % 2 else "/api/taxonomies"
        assert client.get(path).status_code == 200
    response = client.get("/api/organizations")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    # Another client still gets answers.
    assert client.get("/api/services", REMOTE_ADDR="192.0.2.7").status_code == 200
