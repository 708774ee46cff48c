"""Real-browser tests: Playwright driving Debian's Chromium against a live server.

Skipped, with the reason shown in the summary, when Chromium is not installed; `.ci/run`
installs it, so CI always runs them.

Each test loads the demo into a live-server database that is flushed afterwards (the server
runs in another thread, so the usual per-test transaction cannot hide its writes). A flush
also removes what data migrations created, so every test seeds that reference data again,
and the browser tests run after all others in a session.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.factories import seed_reference_data

# Playwright's sync API runs an event loop in this thread, and Django refuses database work
# from a thread with a running loop; the fixtures' database work is synchronous by design.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).parent / "screenshots"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def _is_browser_test(item):
    return Path(__file__).parent in Path(item.fspath).parents


# Marked as each is collected, before any modifyitems hook: `-m 'not browser'` deselects in
# pytest's own one, which must already see the marker.
def pytest_itemcollected(item):
    if _is_browser_test(item):
        item.add_marker(pytest.mark.browser)
        if not CHROMIUM.exists():
            item.add_marker(
                pytest.mark.skip(
                    reason=f"browser tests skipped: no Chromium at {CHROMIUM} "
                    "(apt-get install chromium, or set CHROMIUM_PATH)"
                )
            )


# Last of all the hooks: pytest-django sorts transactional tests before those without a database
# marker (which may still use the database through a session fixture), and that must not undo
# this. Their flushes must not reach tests that rely on migration data.
@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    items[:] = [i for i in items if not _is_browser_test(i)] + [
        i for i in items if _is_browser_test(i)
    ]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, never a downloaded one; these flags keep it off the closed network.
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the reference and demo data loaded; returns its base URL."""
    seed_reference_data()
    call_command("load_demo", verbosity=0)
    return live_server.url


def watch_csp(page) -> list[str]:
    """Console messages about the Content-Security-Policy on ``page``, from now on."""
    seen = []

    def watch(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            seen.append(message.text)

    page.on("console", watch)
    return seen


@pytest.fixture
def csp_violations(page):
    """Console messages about the Content-Security-Policy, collected while the test runs."""
    return watch_csp(page)


def screenshot(page, name: str, *, full_page: bool = True) -> None:
    """Saved for a person to look at (CI keeps tests/browser/screenshots/, git ignores it)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)
