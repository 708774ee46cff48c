"""Czech by default, English by the language switch; Czech grammar in schedules and counts."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from directory.templatetags.directory_extras import age_range, short_date
from services import availability, weekdays
from services.models import Frequency, Service
from tests.factories import ScheduleFactory

pytestmark = pytest.mark.django_db

T = datetime.time.fromisoformat


def schedule(day: int, **kwargs):
    return ScheduleFactory.build(
        days=weekdays.bit(day), opens_at=T("13:00"), closes_at=T("18:00"), **kwargs
    )


@pytest.mark.parametrize(
    ("day", "czech"),
    [
        (0, "každé pondělí"),
        (1, "každé úterý"),
        (2, "každou středu"),
        (3, "každý čtvrtek"),
        (4, "každý pátek"),
        (5, "každou sobotu"),
        (6, "každou neděli"),
    ],
)
def test_every_weekday_has_the_right_gender_in_czech(day, czech):
    with translation.override("cs"):
        assert availability.schedule_text(schedule(day)) == f"{czech} 13:00–18:00"


def test_schedule_text_in_czech_and_english():
    thursday = schedule(3)
    with translation.override("cs"):
        assert availability.schedule_text(thursday) == "každý čtvrtek 13:00–18:00"
    with translation.override("en"):
        assert availability.schedule_text(thursday) == "every Thursday 13:00–18:00"


def test_monthly_and_every_other_week_rules_in_czech():
    first_monday = schedule(0, freq=Frequency.MONTHLY, week_of_month=1)
    last_friday = schedule(4, freq=Frequency.MONTHLY, week_of_month=-1, interval=2)
    fortnightly = ScheduleFactory.build(
        days=weekdays.mask([0, 3]), interval=2, opens_at=T("13:00"), closes_at=T("18:00")
    )
    until = schedule(3, valid_to=datetime.date(2026, 6, 30), note="jen v létě")
    with translation.override("cs"):
        assert availability.schedule_text(first_monday) == "1. pondělí v měsíci 13:00–18:00"
        assert (
            availability.schedule_text(last_friday)
            == "poslední pátek v měsíci, každý 2. měsíc 13:00–18:00"
        )
        assert availability.schedule_text(fortnightly) == "každý 2. týden: Po, Čt 13:00–18:00"
        assert (
            availability.schedule_text(until)
            == "každý čtvrtek 13:00–18:00 do 30. 6. 2026 – jen v létě"
        )
        assert weekdays.label(weekdays.mask(range(5))) == "Po–Pá"


def test_czech_plural_forms_for_ages():
    with translation.override("cs"):
        assert age_range(Service(min_age=1)) == "od 1 roku"
        assert age_range(Service(min_age=3)) == "od 3 let"
        assert age_range(Service(min_age=15)) == "od 15 let"
        assert age_range(Service(max_age=26)) == "do 26 let"
        assert age_range(Service(min_age=15, max_age=26)) == "15–26 let"
        assert age_range(Service()) == ""
    with translation.override("en"):
        assert age_range(Service(min_age=1)) == "from 1 year"
        assert age_range(Service(min_age=15, max_age=26)) == "15–26 years"


def test_czech_plural_forms_in_templates(client):
    from django.template import Context, Template

    template = Template(
        "{% load i18n %}{% blocktranslate count counter=n trimmed %}{{ counter }} service"
        "{% plural %}{{ counter }} services{% endblocktranslate %}"
    )
    with translation.override("cs"):
        rendered = [template.render(Context({"n": n})) for n in (0, 1, 2, 4, 5, 21)]
    assert rendered == ["0 služeb", "1 služba", "2 služby", "4 služby", "5 služeb", "21 služeb"]


def test_dates_in_czech_and_english():
    date = datetime.date(2026, 3, 5)
    late_evening = datetime.datetime(2026, 3, 5, 23, 30, tzinfo=datetime.UTC)
    with translation.override("cs"):
        assert short_date(date) == "5. 3. 2026"
        assert short_date(late_evening) == "6. 3. 2026"  # already the next day in Prague
    with translation.override("en"):
        assert short_date(date) == "5 Mar 2026"


def test_site_is_czech_by_default(client, service):
    content = client.get("/").content.decode()
    assert '<html lang="cs">' in content
    assert "Najít službu" in content
    assert 'value="en" lang="en">English</button>' in content


def test_language_switch_shows_english_and_back(client, service):
    response = client.post("/i18n/setlang/", {"language": "en", "next": service.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == service.get_absolute_url()
    content = client.get(service.get_absolute_url()).content.decode()
    assert '<html lang="en">' in content
    assert "Where and when" in content
    assert "Kde a kdy" not in content
    assert 'value="cs" lang="cs">Česky</button>' in content
    client.post("/i18n/setlang/", {"language": "cs", "next": "/"})
    assert "Kde a kdy" in client.get(service.get_absolute_url()).content.decode()


def test_language_switch_works_without_javascript(client, service):
    content = client.get("/").content.decode()
    form = re.search(r'<form class="language-switch"[^>]*>.*?</form>', content, flags=re.S).group(0)
    assert 'action="/i18n/setlang/"' in form and 'method="post"' in form
    # No per-visitor token, so anonymous pages stay cacheable; set_language is CSRF-exempt.
    assert 'name="csrfmiddlewaretoken"' not in form
    assert '<input name="next" type="hidden" value="/">' in form


def _entries(path: Path):
    """(msgid, [msgstr…], fuzzy) for each entry of a .po file, without the header."""
    text = path.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid") for line in lines):
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        current, strings, msgid = None, {}, ""
        for line in lines:
            if line.startswith("#"):
                continue
            match = re.match(r'(msgid|msgid_plural|msgstr(?:\[\d\])?|msgctxt) "(.*)"$', line)
            if match:
                current = match.group(1)
                strings[current] = match.group(2)
            elif line.startswith('"') and current:
                strings[current] += line[1:-1]
        msgid = strings.get("msgid", "")
        translations = [value for key, value in strings.items() if key.startswith("msgstr")]
        yield msgid, translations, fuzzy


def test_every_message_has_a_czech_translation():
    po = Path(settings.BASE_DIR) / "locale" / "cs" / "LC_MESSAGES" / "django.po"
    missing = [msgid for msgid, strings, fuzzy in _entries(po) if fuzzy or not all(strings)]
    assert missing == []
    header = po.read_text(encoding="utf-8")
    assert "Plural-Forms: nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;" in header
    assert po.with_suffix(".mo").exists()


def test_browser_language_does_not_switch_the_site_to_english(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="cs">' in response.content.decode()
    assert response["Content-Language"] == "cs"


def test_unknown_language_cookie_falls_back_to_czech(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    assert '<html lang="cs">' in client.get("/").content.decode()
