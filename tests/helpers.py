import os
import subprocess
import sys
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
