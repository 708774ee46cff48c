import pytest
from django.core.cache import cache


@pytest.fixture
def page_cache(settings, tmp_path):
    """The anonymous page cache on (tests/settings.py turns it off for every other test),
    with its content version in a file of this test's own."""
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "page-cache.version")
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_MAX_AGE = 60
    cache.clear()
    yield
    cache.clear()
