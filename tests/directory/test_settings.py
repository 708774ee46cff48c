import os
import subprocess
import sys

from django.conf import settings

# Set by the test run itself (tests/settings.py, the browser tests), never in production.
_TEST_ONLY = {"SECRET_KEY", "DEBUG", "SECURE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _environment(**overrides):
    env = {key: value for key, value in os.environ.items() if key not in _TEST_ONLY}
    return {**env, **overrides, "DJANGO_SETTINGS_MODULE": "directory.settings"}


def _check(env_overrides):
    """Run `manage.py check` in a clean environment with the given variables."""
    env = _environment(**env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_with_debug_off_fails_at_start():
    result = _check({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_bad_boolean_fails_with_a_clear_message():
    result = _check({"SECRET_KEY": "x", "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_unsupported_database_url_is_refused():
    result = _check({"SECRET_KEY": "x", "DATABASE_URL": "mysql://localhost/x"})
    assert result.returncode != 0
    assert "DATABASE_URL must be" in result.stderr


def test_production_settings_pass_the_deployment_checks():
    env = {
        "SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "adresar.example.cz",
        "SECURE": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=_environment(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_czech_is_the_default_language_in_prague_time():
    assert settings.LANGUAGE_CODE == "cs"
    assert settings.TIME_ZONE == "Europe/Prague"
    assert dict(settings.LANGUAGES).keys() == {"cs", "en"}
