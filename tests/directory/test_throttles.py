"""Sign-in and password reset behind the TLS proxy: the lockout is per (username, client),
password spraying from one client is refused, and reset e-mails are limited per address and
per client without telling anyone whether an address has an account."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

PROXY = "10.0.0.2"
ATTACKER = "192.0.2.1"
COLLEAGUE = "198.51.100.7"
SIGN_IN_URLS = ["login", "admin:login"]
RESET_URLS = ["password_reset", "admin_password_reset"]


@pytest.fixture
def behind_proxy(rate_limits, settings):
    settings.RATELIMIT_PROXY_COUNT = 1


def _sign_in(client, url, username, password, forwarded_for):
    return client.post(
        url,
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.mark.parametrize("url_name", SIGN_IN_URLS)
def test_failures_from_one_client_do_not_lock_the_user_out_from_another(
    behind_proxy, client, editor, url_name
):
    url = reverse(url_name)
    for _ in range(5):
        locked = _sign_in(client, url, "editor", "wrong", ATTACKER)
    assert locked.status_code == 429
    assert "Příliš mnoho neúspěšných přihlášení" in locked.content.decode()
    # Prepending a made-up address does not get the attacker out of the lock either.
    forged = _sign_in(client, url, "editor", "correct-horse-9", f"{COLLEAGUE}, {ATTACKER}")
    assert forged.status_code == 429

    signed_in = _sign_in(client, url, "editor", "correct-horse-9", COLLEAGUE)
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


@pytest.mark.parametrize("url_name", SIGN_IN_URLS)
def test_spraying_many_usernames_from_one_client_is_refused(behind_proxy, client, editor, url_name):
    url = reverse(url_name)
    for number in range(30):
        tried = _sign_in(client, url, f"user{number}", "Heslo123", ATTACKER)
        assert tried.status_code == 200  # the form again, with its error
    refused = _sign_in(client, url, "user30", "Heslo123", ATTACKER)
    assert refused.status_code == 429
    content = refused.content.decode()
    assert "Příliš mnoho pokusů o přihlášení" in content
    assert "Zkuste to znovu za 60 minut." in content  # 30 s into the hour (rate_limits)
    assert refused["Retry-After"] == "3571"
    # Even the right password is not checked while the client is over its budget.
    assert _sign_in(client, url, "editor", "correct-horse-9", ATTACKER).status_code == 429
    assert "_auth_user_id" not in client.session
    # Somebody else behind the same proxy signs in as usual.
    assert _sign_in(client, url, "editor", "correct-horse-9", COLLEAGUE).status_code == 302


def test_the_site_and_the_admin_share_one_sign_in_budget(behind_proxy, client, db):
    for number in range(15):
        _sign_in(client, reverse("login"), f"user{number}", "Heslo123", ATTACKER)
        _sign_in(client, reverse("admin:login"), f"admin{number}", "Heslo123", ATTACKER)
    assert _sign_in(client, reverse("login"), "user99", "Heslo123", ATTACKER).status_code == 429


def test_showing_the_sign_in_page_does_not_count(behind_proxy, client, db):
    for _ in range(40):
        page = client.get(reverse("login"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
        assert page.status_code == 200
    assert _sign_in(client, reverse("login"), "user1", "Heslo123", ATTACKER).status_code == 200


def _ask_for_reset(client, url, email, address=ATTACKER):
    return client.post(url, {"email": email}, REMOTE_ADDR=address)


@pytest.mark.parametrize("url_name", RESET_URLS)
def test_fifteen_resets_for_one_address_send_at_most_three_emails(
    rate_limits, client, db, url_name
):
    victim = UserFactory(username="obet")
    url = reverse(url_name)
    # From fifteen different clients: the address has its own limit.
    answers = [
        _ask_for_reset(client, url, victim.email, f"192.0.2.{number}") for number in range(15)
    ]
    assert len(mail.outbox) == 3
    assert {(answer.status_code, answer["Location"]) for answer in answers} == {
        (302, reverse("password_reset_done"))
    }
    # Another address still gets its link.
    other = UserFactory(username="kolega")
    assert _ask_for_reset(client, url, other.email, COLLEAGUE).status_code == 302
    assert mail.outbox[-1].to == [other.email]
    assert len(mail.outbox) == 4


def test_the_address_limit_ignores_letter_case(rate_limits, client, db):
    victim = UserFactory(username="obet")
    for email in [victim.email, victim.email.upper(), victim.email.title(), victim.email]:
        _ask_for_reset(client, reverse("password_reset"), email, COLLEAGUE)
    assert len(mail.outbox) == 3


def test_one_client_asking_for_many_addresses_is_limited(rate_limits, client, db):
    users = [UserFactory(username=f"uzivatel{number}") for number in range(12)]
    answers = [_ask_for_reset(client, reverse("password_reset"), user.email) for user in users]
    assert len(mail.outbox) == 10
    assert {answer.status_code for answer in answers} == {302}
    # Another client is not affected.
    _ask_for_reset(client, reverse("password_reset"), users[-1].email, COLLEAGUE)
    assert len(mail.outbox) == 11


def test_a_withheld_reset_looks_exactly_like_a_sent_one(rate_limits, client, db):
    victim = UserFactory(username="obet")
    url = reverse("password_reset")
    sent = client.post(url, {"email": victim.email}, follow=True)
    for _ in range(5):
        withheld = client.post(url, {"email": victim.email}, follow=True)
    unknown = client.post(url, {"email": "nikdo@example.cz"}, follow=True)
    assert len(mail.outbox) == 3
    assert sent.redirect_chain == withheld.redirect_chain == unknown.redirect_chain
    assert sent.content == withheld.content == unknown.content
    assert "Zkontrolujte svůj e-mail" in withheld.content.decode()
