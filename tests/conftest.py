import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command

from directory.roles import PROFESSIONALS


def shared_dir() -> Path:
    """The read-only reference data beside the repository (CI has it; a laptop may not)."""
    return Path(os.environ.get("SHARED_DIR", Path(settings.BASE_DIR).parent / "shared"))


@pytest.fixture
def shared():
    path = shared_dir()
    if not path.is_dir():
        pytest.skip(f"reference data not found at {path} (set SHARED_DIR); CI provides it")
    return path


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


@pytest.fixture
def professional(django_user_model):
    user = django_user_model.objects.create_user("caseworker", password="correct-horse-9")
    user.groups.add(Group.objects.get(name=PROFESSIONALS))
    return user


@pytest.fixture
def professional_client(client, professional):
    client.force_login(professional)
    return client


@pytest.fixture
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def czech():
    from django.utils import translation

    with translation.override("cs"):
        yield
