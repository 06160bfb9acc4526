import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Set by the test session itself (browser tests) or by CI for the test database and
# broker; a subprocess that checks another environment must not inherit them.
_NOT_INHERITED = {
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "CACHE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
}


def run_python(*args: str, env: dict, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run `python *args` in the project folder with a clean environment plus `env`."""
    clean = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def wait_for(predicate, seconds: float = 20.0) -> bool:
    """Poll until predicate() is true, for work another thread (a worker) is doing."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False
