"""Test settings: the production settings with a throw-away key and fast, plain storage."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("SECURE", "0")

from directory.settings import *  # noqa: F403 (test settings extend the real ones)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405 (defined by the star import above)
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Serve static files straight from the finders: tests never run collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Whole-page caching and rate limits stay out of the way of other tests (a page cached by one
# test would be served to the next); tests/scale turns them on where they are the subject.
PAGE_CACHE_SECONDS = 0
RATELIMIT_ENABLED = False
# Search cards' service parts are rendered on every request, as pages are; tests/services'
# card cache test turns the cache on.
CARD_CACHE_SECONDS = 0
