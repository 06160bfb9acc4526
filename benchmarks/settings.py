"""Settings for the load benchmark (benchmarks/load.py): production's, unchanged, but
for one trivial view added to the URLs (benchmarks/urls.py), static files collected
into the benchmark's temporary folder, and a cache key prefix of the run's own (so a
page cached by an earlier run on the same Redis database is never served)."""

from config.env import env_required
from config.settings.production import *  # noqa: F403
from config.settings.production import CACHES

ROOT_URLCONF = "benchmarks.urls"
STATIC_ROOT = env_required("BENCH_STATIC_ROOT", "the benchmark collects static files there.")
CACHES["default"]["KEY_PREFIX"] = "bench-" + env_required("BENCH_RUN", "it keeps runs apart.")
