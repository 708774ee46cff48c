"""What the bench scripts share: the database, the data, gunicorn as `make serve` runs it, wrk.

Nothing here imports Django: the scripts drive ``manage.py`` and gunicorn as separate
processes, as an operator would, and measure from outside with wrk.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = os.environ.get("PYTHON", sys.executable)
BIN = Path(PYTHON).parent

PG_URL = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB", "adresar_bench")
PORT = int(os.environ.get("BENCH_PORT", "8765"))
WORKERS = os.environ.get("WORKERS", "3")
SERVICES = int(os.environ.get("BENCH_SERVICES", "20000"))
# A cookie that takes a request past the anonymous page cache, as a signed-in user's does.
BYPASS_COOKIE = "sessionid=bench-uncached"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def shared_dir() -> Path:
    path = Path(os.environ.get("SHARED_DIR", ROOT.parent / "shared"))
    places = path / "data" / "czech-places" / "csu-ciselniky-2020"
    if not places.is_dir():
        sys.exit(
            f"bench: ČSÚ code lists not found in {places}; set SHARED_DIR to the shared/ folder"
        )
    return path


def server_env(**extra) -> dict[str, str]:
    """The environment of a production run (`make serve`) on loopback, plain HTTP."""
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"{PG_URL}/{DB_NAME}",
            "SECRET_KEY": env.get("SECRET_KEY") or "bench-" + "x" * 50,
            "DEBUG": "0",
            "SECURE": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            # wrk comes from one address: per-client limits would measure the limiter.
            "RATELIMIT_ENABLED": "0",
            "LOG_LEVEL": env.get("LOG_LEVEL", "WARNING"),
        }
    )
    env.update(extra)
    return env


def manage(*args: str, env=None, capture=False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env or server_env(),
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def prepare(services: int = SERVICES) -> None:
    """Database, schema, places and synthetic data; each step skips what is already done."""
    import psycopg  # the project's driver; imported here so --help works without it

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]
        ).fetchone()
        if not exists:
            log(f"creating database {DB_NAME}")
            connection.execute(f'CREATE DATABASE "{DB_NAME}"')
    log("migrate")
    manage("migrate", "--noinput", "-v0")
    places = shared_dir() / "data" / "czech-places"
    log("import_places (idempotent)")
    manage(
        "import_places",
        str(places / "csu-ciselniky-2020"),
        "--coordinates",
        str(places / "souradnice-obci.csv"),
        "-v0",
    )
    log(f"generate_synthetic --services {services} --if-missing")
    manage("generate_synthetic", "--services", str(services), "--if-missing")
    # A bulk load leaves the visibility map empty until autovacuum comes by, so the covering
    # indexes would still read the heap: measure the database as it runs, vacuumed.
    log("VACUUM ANALYZE")
    with psycopg.connect(f"{PG_URL}/{DB_NAME}", autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    log("collectstatic")
    manage("collectstatic", "--noinput", "-v0")


def probe(*args: str, timeout: float | None = None):
    """Run bench/probe.py (Django's test client in-process) and return its JSON, or None
    when it takes longer than ``timeout`` seconds."""
    env = server_env(ALLOWED_HOSTS="127.0.0.1,testserver", PAGE_CACHE_SECONDS="0")
    try:
        output = subprocess.run(
            [PYTHON, "bench/probe.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            text=True,
            stdout=subprocess.PIPE,
            timeout=timeout,
        ).stdout
    except subprocess.TimeoutExpired:
        return None
    return json.loads(output)


class Server:
    """gunicorn started exactly as `make serve` does, on 127.0.0.1:PORT; its output goes to
    ``log_path`` (bench/results/gunicorn.log)."""

    def __init__(
        self, port: int = PORT, *, workers: str = WORKERS, log_path: Path | None = None, **env
    ):
        self.port = port
        self.workers = workers
        self.env = server_env(**env)
        self.process = None
        if log_path is None:
            RESULTS.mkdir(parents=True, exist_ok=True)
            log_path = RESULTS / "gunicorn.log"
        self.log_path = log_path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        command = [
            str(BIN / "gunicorn"),
            "directory.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            self.workers,
            "--access-logfile",
            "-",
            "--timeout",
            "30",
        ]
        log(f"gunicorn on {self.base} with {self.workers} workers (log: {self.log_path})")
        self.log_file = self.log_path.open("w")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=self.log_file, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"bench: gunicorn exited; see {self.log_path}")
            if get(self.base + "/healthz", timeout=2).status == 200:
                return self
            time.sleep(0.3)
        self.__exit__()
        sys.exit("bench: gunicorn did not answer /healthz within 30 s")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()

    def drain(self, limit: float = 30) -> None:
        """Wait until the workers are idle again. A sync worker still serves the requests of
        connections wrk has closed; the next measurement must not queue behind them."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            reply = get(self.base + "/healthz", timeout=limit)
            if reply.status == 200 and reply.seconds < 0.25:
                return
            time.sleep(0.2)

    def worker_pids(self) -> list[int]:
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return sorted(pids)

    def worker_rss_mib(self) -> dict[int, float]:
        rss = {}
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"VmRSS:\s+(\d+) kB", status)
            if match:
                rss[pid] = int(match.group(1)) / 1024
        return rss


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        return probe_socket.getsockname()[1]


REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class RedisServer:
    """A redis-server of our own on a free loopback port (never the machine's 6379): no
    persistence, so a restart starts empty. ``stop()`` and ``start()`` make an outage."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self) -> "RedisServer":
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", tempfile.gettempdir()]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.process.returncode}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server did not listen on port {self.port} within 10 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


@dataclass
class Reply:
    status: int
    body: str = ""
    seconds: float = 0.0
    headers: dict = field(default_factory=dict)


def get(url: str, *, cookie: str | None = None, timeout: float = 10) -> Reply:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read().decode("utf-8", "replace")
            return Reply(response.status, body, time.monotonic() - started, dict(response.headers))
    except urllib.error.HTTPError as error:
        body = error.read().decode("utf-8", "replace")
        return Reply(error.code, body, time.monotonic() - started, dict(error.headers))
    except (urllib.error.URLError, OSError, TimeoutError) as error:
        return Reply(0, str(error), time.monotonic() - started)


# -- wrk ------------------------------------------------------------------------------------


@dataclass
class WrkResult:
    requests: int = 0
    rps: float = 0.0
    p50_ms: float | None = None
    p99_ms: float | None = None
    non_2xx: int = 0
    timeouts: int = 0
    socket_errors: int = 0
    raw: str = ""


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * _UNITS[unit]


ROTATING_LUA = """
paths = {%s}
cookies = {%s}
n = 0
request = function()
  n = n + 1
  local i = (n %% #paths) + 1
  if cookies[i] ~= "" then
    return wrk.format("GET", paths[i], {["Cookie"] = cookies[i]})
  end
  return wrk.format("GET", paths[i])
end
"""


def rotating_script(name: str, requests: list[tuple[str, str]]) -> Path:
    """A wrk Lua script that sends ``requests`` ((path, cookie or "")) in turn, from every
    connection, so that no per-URL cache can serve the load."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    script = RESULTS / f"{name}.lua"
    script.write_text(
        ROTATING_LUA
        % (
            ", ".join(f'"{path}"' for path, _ in requests),
            ", ".join(f'"{cookie}"' for _, cookie in requests),
        )
    )
    return script


def wrk(
    url: str,
    *,
    seconds: int,
    connections: int = 16,
    threads: int = 1,
    cookie: str | None = None,
    script: Path | None = None,
    timeout: str = "10s",
) -> WrkResult:
    if not shutil.which("wrk"):
        sys.exit("bench: wrk not found (apt-get install wrk)")
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        timeout,
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if script:
        command += ["-s", str(script)]
    command.append(url)
    output = subprocess.run(command, check=True, text=True, capture_output=True).stdout
    result = WrkResult(raw=output)
    if match := re.search(r"(\d+) requests in", output):
        result.requests = int(match.group(1))
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result.rps = float(match.group(1))
    if match := re.search(r"^\s+50%\s+(\S+)", output, re.M):
        result.p50_ms = _ms(match.group(1))
    if match := re.search(r"^\s+99%\s+(\S+)", output, re.M):
        result.p99_ms = _ms(match.group(1))
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        result.non_2xx = int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        connect, _read, write, timeouts = map(int, match.groups())
        result.timeouts = timeouts
        result.socket_errors = connect + write
    return result
