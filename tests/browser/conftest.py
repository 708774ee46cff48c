"""Real-browser tests: Playwright driving Debian's Chromium against a live server.

Skipped, with the reason shown in the summary, when Chromium is not installed; `.ci/run`
installs it, so CI always runs them.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; the live server's database work
# happens in its own thread, and the fixtures' setup is synchronous by design.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).parent / "screenshots"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(
                    pytest.mark.skip(
                        reason=f"browser tests skipped: no Chromium at {CHROMIUM} "
                        "(apt-get install chromium, or set CHROMIUM_PATH)"
                    )
                )


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
def site(live_server, transactional_db, django_db_serialized_rollback):
    """The live server with the demo data loaded; returns its base URL."""
    call_command("load_demo", verbosity=0)
    return live_server.url


@pytest.fixture
def csp_violations(page):
    """Console messages about the Content-Security-Policy, collected while the test runs."""
    seen = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    return seen


def screenshot(page, name: str) -> None:
    """Saved for a person to look at (CI keeps tests/browser/screenshots/, git ignores it)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
