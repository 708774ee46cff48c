"""Fixtures for the HSDS tests: the official schemas (skipped when absent) and a small directory."""

import datetime
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest

from directory.models import LegalForm, Publication
from services import weekdays
from services.hsds import openapi
from services.models import ContactKind, Frequency, LocationKind, RemoteChannel, ServiceStatus
from tests.factories import (
    LocationFactory,
    MunicipalityFactory,
    OrganizationFactory,
    OrpFactory,
    RegionFactory,
    ScheduleFactory,
    ServiceAreaFactory,
    ServiceContactFactory,
    ServiceFactory,
)

SECRET = "TAJNÉ-JEN-PRO-PROFESIONÁLY"


# --- the official schemas -----------------------------------------------------------------


class Conformance:
    """Validates objects against the compiled HSDS 3.0 schemas, strictly: formats checked, and
    every key present must be a property its schema defines (the schemas themselves allow
    unknown keys)."""

    def __init__(self, root: Path):
        self.root = root
        self.checker = jsonschema.FormatChecker()

        @self.checker.checks("uri", raises=ValueError)
        def uri(value):
            parts = urlsplit(value)
            return bool(parts.scheme in ("http", "https") and parts.netloc)

        @self.checker.checks("date-time", raises=ValueError)
        def date_time(value):
            return "T" in value and datetime.datetime.fromisoformat(value) is not None

        self._schemas = {}

    def official_schema(self, name: str) -> dict:
        path = self.root / "schema" / "compiled" / f"{name}.json"
        return json.loads(path.read_text(encoding="utf-8"))

    def schema(self, name: str) -> dict:
        """The official compiled schema with the Czech profile's one extension: HSDS 3.1
        ``capacities`` in every service object, as ``/api/profile`` describes it."""
        if name not in self._schemas:
            self._schemas[name] = with_profile_extension(self.official_schema(name))
        return self._schemas[name]

    def taxonomy_term_schema(self) -> dict:
        attribute = self.schema("service")["properties"]["attributes"]["items"]
        return attribute["properties"]["taxonomy_term"]

    def taxonomy_schema(self) -> dict:
        return self.taxonomy_term_schema()["properties"]["taxonomy_detail"]

    def errors(self, instance, name) -> list[str]:
        schema = self.schema(name) if isinstance(name, str) else name
        validator = jsonschema.Draft202012Validator(schema, format_checker=self.checker)
        found = [
            f"{'/'.join(map(str, error.absolute_path)) or '$'}: {error.message}"
            for error in validator.iter_errors(instance)
        ]
        return found + undefined_keys(instance, schema)

    def check(self, instance, name):
        """``name``: a compiled schema's name, or a schema."""
        problems = self.errors(instance, name)
        assert not problems, "\n".join(problems[:30])


def with_profile_extension(schema):
    """``schema`` with ``capacities`` (``openapi.profile()["extensions"]``) added wherever it
    describes a service object (the one with ``service_areas`` and ``cost_options``)."""
    extension = openapi.profile()["extensions"]["capacities"]
    if isinstance(schema, list):
        return [with_profile_extension(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    patched = {key: with_profile_extension(value) for key, value in schema.items()}
    properties = patched.get("properties")
    if isinstance(properties, dict) and {"service_areas", "cost_options"} <= set(properties):
        patched["properties"] = properties | {
            "capacities": {"type": extension["type"], "items": extension["items"]}
        }
    return patched


def undefined_keys(instance, schema: dict, path: str = "$") -> list[str]:
    """Keys the schema does not define, and values of the tabular date/time types that are not
    ISO dates/times, anywhere in ``instance``."""
    problems = []
    kind = schema.get("datapackage_type")
    if isinstance(instance, str) and kind == "date":
        try:
            datetime.date.fromisoformat(instance)
        except ValueError:
            problems.append(f"{path}: {instance!r} is not a date")
    if isinstance(instance, str) and kind == "time":
        try:
            datetime.time.fromisoformat(instance)
        except ValueError:
            problems.append(f"{path}: {instance!r} is not a time")
    if isinstance(instance, dict):
        properties = schema.get("properties", {})
        for key, value in instance.items():
            if key not in properties:
                problems.append(f"{path}.{key}: not defined by the schema")
            else:
                problems.extend(undefined_keys(value, properties[key], f"{path}.{key}"))
    elif isinstance(instance, list) and isinstance(schema.get("items"), dict):
        for index, value in enumerate(instance):
            problems.extend(undefined_keys(value, schema["items"], f"{path}[{index}]"))
    return problems


@pytest.fixture
def hsds_dir(request) -> Path:
    """``$HSDS_SCHEMA_DIR`` or ``../shared/hsds-3.0`` (the folder with schema/ and examples/)."""
    configured = os.environ.get("HSDS_SCHEMA_DIR")
    if configured:
        path = Path(configured)
        if (path / "compiled").is_dir():
            path = path.parent
        if not (path / "schema" / "compiled").is_dir():
            pytest.skip(f"HSDS_SCHEMA_DIR={configured} holds no schema/compiled folder")
        return path
    path = request.getfixturevalue("shared") / "hsds-3.0"
    if not (path / "schema" / "compiled").is_dir():
        pytest.skip(f"HSDS 3.0 schemas not found at {path} (set HSDS_SCHEMA_DIR)")
    return path


@pytest.fixture
def conformance(hsds_dir) -> Conformance:
    return Conformance(hsds_dir)


@pytest.fixture
def official_example(hsds_dir):
    def load(name):
        return json.loads((hsds_dir / "examples" / name).read_text(encoding="utf-8"))

    return load


# --- a small directory --------------------------------------------------------------------


@pytest.fixture
def places(db):
    vysocina = RegionFactory(
        csu_code="3108", nuts_code="CZ063", name="Kraj Vysočina", slug="kraj-vysocina"
    )
    jihomoravsky = RegionFactory(
        csu_code="3115", nuts_code="CZ064", name="Jihomoravský kraj", slug="jihomoravsky-kraj"
    )
    jihlava_orp = OrpFactory(csu_code="6107", name="Jihlava", slug="jihlava", region=vysocina)
    humpolec_orp = OrpFactory(csu_code="6105", name="Humpolec", slug="humpolec", region=vysocina)
    pelhrimov_orp = OrpFactory(csu_code="6111", name="Pelhřimov", slug="pelhrimov", region=vysocina)
    kyjov_orp = OrpFactory(csu_code="6207", name="Kyjov", slug="kyjov", region=jihomoravsky)

    def town(code, name, orp, postal_code, latitude=None, longitude=None):
        return MunicipalityFactory(
            code=code,
            name=name,
            orp=orp,
            postal_code=postal_code,
            latitude=latitude,
            longitude=longitude,
        )

    return {
        "vysocina": vysocina,
        "jihomoravsky": jihomoravsky,
        "jihlava_orp": jihlava_orp,
        "humpolec_orp": humpolec_orp,
        "pelhrimov_orp": pelhrimov_orp,
        "kyjov_orp": kyjov_orp,
        "jihlava": town("586846", "Jihlava", jihlava_orp, "58601", 49.3961, 15.5912),
        "humpolec": town("547786", "Humpolec", humpolec_orp, "39601", 49.5415, 15.3593),
        "pelhrimov": town("547492", "Pelhřimov", pelhrimov_orp, "39301", 49.4313, 15.2234),
        "telc": town("587869", "Telč", jihlava_orp, "58856", 49.1842, 15.4528),
        "kyjov": town("586307", "Kyjov", kyjov_orp, "69701", 49.0102, 17.1225),
        "lhota_a": town("548103", "Lhota", humpolec_orp, "39494"),
        "lhota_b": town("588211", "Lhota", kyjov_orp, "69642"),
    }


def _schedule(location, days, opens, closes, **extra):
    return ScheduleFactory(
        location=location,
        days=weekdays.from_codes(days),
        opens_at=datetime.time(*opens),
        closes_at=datetime.time(*closes),
        **extra,
    )


@pytest.fixture
def sample(places):
    """Three published services of two organizations (one a branch of the other), with every
    kind of location, weekly, every-other-week and monthly schedules, and all area levels;
    plus a draft that must never leave the directory."""
    charita = OrganizationFactory(
        name="Oblastní charita",
        legal_form=LegalForm.CHURCH,
        ico="45581061",
        publication=Publication.PUBLISHED,
        municipality=places["kyjov"],
        address="Palackého 190/10",
        email="info@charita.example.cz",
    )
    centre = OrganizationFactory(
        name="Centrum U Větrníku, z.ú.",
        legal_form=LegalForm.INSTITUTE,
        ico="26798336",
        parent=charita,
        description="Adiktologické služby na Vysočině.",
        website="https://vetrnik.example.cz/",
        email="info@vetrnik.example.cz",
        phone="+420 567 123 456",
        municipality=places["jihlava"],
        address="Žižkova 15",
        publication=Publication.PUBLISHED,
    )
    contact_centre = ServiceFactory(
        organization=centre,
        name="Kontaktní centrum Jihlava",
        summary="Nízkoprahové kontaktní centrum pro lidi, kteří užívají drogy.",
        description="Výměna injekčního materiálu, testování, poradenství.",
        status=ServiceStatus.ACTIVE,
        publication=Publication.PUBLISHED,
        phone="+420 567 111 222",
        email="kc@vetrnik.example.cz",
        website="https://vetrnik.example.cz/kc",
        is_free=True,
        is_anonymous=True,
        min_age=15,
        mpsv_id="1234567",
        mpsv_paragraph="59",
        rvkpp_certified_until=datetime.date(2027, 5, 31),
        last_verified=datetime.date(2026, 1, 15),
        referral_process=f"{SECRET} doporučení",
        response_time=f"{SECRET} do 2 dnů",
        caseworker_may_join="yes",
        professional_contact=f"{SECRET} +420 999 888 777",
        types=["contact_centre", "harm_reduction"],
        activities=["needle_exchange", "testing"],
        target_groups=["problem_drug_users"],
        substances=["pervitin", "opioids"],
        languages=["cs", "sk"],
    )
    # As the migration made them from the phone and e-mail, and a line for caseworkers only.
    for position, (kind, value, professional_only) in enumerate(
        [
            (ContactKind.PHONE, "+420 567 111 222", False),
            (ContactKind.EMAIL, "kc@vetrnik.example.cz", False),
            (ContactKind.PHONE, "+420 999 888 776", True),
        ]
    ):
        ServiceContactFactory(
            service=contact_centre,
            kind=kind,
            value=value,
            purpose=f"{SECRET} pro odborníky" if professional_only else "",
            professional_only=professional_only,
            position=position,
        )
    premises = LocationFactory(
        service=contact_centre,
        kind=LocationKind.PREMISES,
        name="Kontaktní centrum",
        municipality=places["jihlava"],
        address="Žižkova 15",
        postal_code="58601",
        latitude=49.397,
        longitude=15.59,
        accessibility="Bezbariérový vstup ze dvora.",
        note="Zazvoňte.",
    )
    _schedule(premises, ["mon", "tue", "wed", "thu", "fri"], (9, 0), (17, 0))
    _schedule(
        premises,
        ["wed"],
        (17, 0),
        (19, 0),
        interval=2,
        valid_from=datetime.date(2026, 1, 7),
        valid_to=datetime.date(2026, 12, 31),
        note="Večerní testování",
    )
    _schedule(premises, ["mon"], (8, 0), (9, 0), freq=Frequency.MONTHLY, week_of_month=2)
    _schedule(premises, ["fri"], (12, 0), (14, 0), freq=Frequency.MONTHLY, week_of_month=-1)
    ServiceAreaFactory(service=contact_centre, orp=places["jihlava_orp"], note="Okolí")
    ServiceAreaFactory(service=contact_centre, region=places["vysocina"])

    outreach = ServiceFactory(
        organization=centre,
        name="Terénní program Vysočina",
        summary="Terénní práce v menších městech.",
        status=ServiceStatus.PLANNED,
        publication=Publication.PUBLISHED,
        last_verified=None,
        is_free=False,
        cost_note="Testy za poplatek 50 Kč.",
        max_age=99,
        types=["outreach"],
        target_groups=["risky_users", "family"],
    )
    humpolec = LocationFactory(
        service=outreach, kind=LocationKind.OUTREACH, municipality=places["humpolec"], address=""
    )
    _schedule(humpolec, ["thu"], (13, 0), (18, 0))
    pelhrimov = LocationFactory(
        service=outreach,
        kind=LocationKind.OUTREACH,
        municipality=places["pelhrimov"],
        address="Masarykovo náměstí",
    )
    _schedule(pelhrimov, ["mon"], (14, 0), (20, 0), note="odpoledne až večer")
    phone = LocationFactory(
        service=outreach,
        kind=LocationKind.REMOTE,
        channel=RemoteChannel.PHONE,
        name="Linka",
        municipality=None,
        address="",
    )
    _schedule(phone, ["mon", "tue", "wed", "thu", "fri"], (8, 0), (16, 0), open_on_holidays=True)
    ServiceAreaFactory(service=outreach, orp=places["humpolec_orp"])
    ServiceAreaFactory(service=outreach, municipality=places["telc"])

    kyjov = ServiceFactory(
        organization=charita,
        name="Poradna Kyjov",
        status=ServiceStatus.TEMPORARILY_CLOSED,
        publication=Publication.PUBLISHED,
        last_verified=None,
        hsds_id="0b6a3c8e-55f4-4d0c-9a51-6b7c2d1e0f93",
        types=["counselling"],
        substances=["alcohol", "gambling"],
    )
    office = LocationFactory(
        service=kyjov,
        kind=LocationKind.PREMISES,
        municipality=places["kyjov"],
        address="Palackého 190/10",
        hsds_id="5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6",
    )
    _schedule(office, ["tue", "thu"], (10, 0), (12, 30))

    draft = ServiceFactory(
        organization=centre,
        name="Rozpracovaná služba",
        publication=Publication.DRAFT,
        last_verified=None,
        types=["aftercare"],
    )
    return {
        "charita": charita,
        "centre": centre,
        "contact_centre": contact_centre,
        "outreach": outreach,
        "counselling": kyjov,
        "draft": draft,
        "premises": premises,
        "phone": phone,
        **places,
    }
