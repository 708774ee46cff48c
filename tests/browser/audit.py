"""`make audit`: Lighthouse scores for the main page types, against the demo data.

Serves the demo from a throw-away SQLite database with gunicorn (as in production, with
DEBUG off and compressed static files), runs Lighthouse (npm, with Debian's Chromium) on each
page and prints the four category scores. Target: 95 or more everywhere.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("AUDIT_PORT", "8767"))
BASE = f"http://127.0.0.1:{PORT}"
LIGHTHOUSE = os.environ.get("LIGHTHOUSE", "lighthouse@12.8.2")  # 13 needs Node 22
PAGES = {
    "home": "/",
    "search": "/services/?town=Humpolec&day=thu",
    "service": "/services/{service}/",
    "events": "/events/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def run(args, env, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="audit-"))
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECURE": "0",
        "SECRET_KEY": "audit-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{workdir / 'audit.sqlite3'}",
        "STATIC_ROOT": str(workdir / "static"),
    }
    python = sys.executable
    run([python, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([python, "manage.py", "load_demo", "-v0"], env)
    run([python, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    service = run(
        [
            python,
            "manage.py",
            "shell",
            "-v0",
            "-c",
            "from services.models import Service; print(Service.objects.listed().first().slug)",
        ],
        env,
        capture_output=True,
        text=True,
    ).stdout.strip()
    server = subprocess.Popen(
        [
            str(Path(python).parent / "gunicorn"),
            "directory.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(BASE + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        rows = []
        for name, path in PAGES.items():
            url = BASE + path.format(service=service)
            report = workdir / f"{name}.json"
            subprocess.run(
                [
                    "npx",
                    "--yes",
                    LIGHTHOUSE,
                    url,
                    "--quiet",
                    "--output=json",
                    f"--output-path={report}",
                    "--only-categories=" + ",".join(CATEGORIES),
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu "
                    "--disable-background-networking --disable-component-update --no-first-run",
                ],
                cwd=workdir,
                env={**env, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
                check=True,
            )
            categories = json.loads(report.read_text())["categories"]
            rows.append((name, [round(categories[c]["score"] * 100) for c in CATEGORIES]))
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"\n{'page':<10}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for name, scores in rows:
        print(f"{name:<10}" + "".join(f"{s:>16}" for s in scores))
    below = [(name, scores) for name, scores in rows if min(scores) < 95]
    print("\nall categories at 95 or more" if not below else f"\nbelow 95: {below}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
