import os
import subprocess
import sys

from django.conf import settings

# Set by the test run itself (tests/settings.py, the browser tests), never in production.
_TEST_ONLY = {"SECRET_KEY", "DEBUG", "SECURE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
# Whatever the shell running the tests has, only the cache variables a test gives count.
_CACHE_VARIABLES = {"REDIS_URL", "CACHE_BACKEND", "CACHE_LOCATION", "SESSION_BACKEND"}


def _environment(**overrides):
    env = {
        key: value for key, value in os.environ.items() if key not in _TEST_ONLY | _CACHE_VARIABLES
    }
    return {**env, **overrides, "DJANGO_SETTINGS_MODULE": "directory.settings"}


def _manage(args, env_overrides):
    """Run `manage.py ARGS` in a clean environment with the given variables."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=_environment(**env_overrides),
        capture_output=True,
        text=True,
        timeout=60,
    )


def _check(env_overrides):
    return _manage(["check"], env_overrides)


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


def _caches(env_overrides):
    """The cache backend, its location and the session engine the settings make of ``env``."""
    code = (
        "from django.conf import settings; c = settings.CACHES['default']; "
        "print(c['BACKEND'], c.get('LOCATION'), settings.SESSION_ENGINE)"
    )
    return _manage(["shell", "--no-imports", "-c", code], {"SECRET_KEY": "x", **env_overrides})


def test_without_redis_url_each_worker_keeps_local_memory_and_sessions_the_database():
    result = _caches({})
    assert result.stdout.split() == [
        "django.core.cache.backends.locmem.LocMemCache",
        "adresar",
        "django.contrib.sessions.backends.db",
    ]


def test_redis_url_moves_the_cache_and_the_sessions_to_redis():
    result = _caches({"REDIS_URL": "redis://redis.internal:6379/0"})
    assert result.stdout.split() == [
        "directory.redis_cache.RedisCache",
        "redis://redis.internal:6379/0",
        "django.contrib.sessions.backends.cached_db",
    ]


def test_the_old_cache_variables_are_an_alias_for_redis_url():
    result = _caches({"CACHE_BACKEND": "redis", "CACHE_LOCATION": "redis://redis.internal:6379/1"})
    assert result.stdout.split()[:2] == [
        "directory.redis_cache.RedisCache",
        "redis://redis.internal:6379/1",
    ]


def test_another_cache_backend_or_a_bad_redis_url_is_refused():
    result = _caches({"CACHE_BACKEND": "database"})
    assert result.returncode != 0
    assert "CACHE_BACKEND is replaced by REDIS_URL" in result.stderr
    result = _caches({"REDIS_URL": "127.0.0.1:6379"})
    assert result.returncode != 0
    assert "REDIS_URL must look like redis://host:6379/0" in result.stderr


def test_the_apps_have_their_own_configs_and_czech_names():
    from django.apps import apps

    assert type(apps.get_app_config("directory")).__name__ == "DirectoryConfig"
    assert str(apps.get_app_config("directory").verbose_name) == "Místa a organizace"
    assert str(apps.get_app_config("axes").verbose_name) == "Pokusy o přihlášení"
    assert type(apps.get_app_config("axes")).__name__ == "AxesConfig"


def test_prepared_statements_can_be_turned_off_for_a_pooler():
    show = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    postgres = {"SECRET_KEY": "x", "DATABASE_URL": "postgres://user@db.example.cz/adresar"}
    default = _manage(["shell", "-c", show], postgres)
    assert "'server_side_binding': True" in default.stdout
    assert "'prepare_threshold': 5" in default.stdout
    pooled = _manage(["shell", "-c", show], {**postgres, "DB_PREPARED": "0"})
    assert pooled.returncode == 0, pooled.stderr
    assert "server_side_binding" not in pooled.stdout
    assert "prepare_threshold" not in pooled.stdout
