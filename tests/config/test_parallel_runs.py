"""`make test` runs two pytest-xdist workers: each has Redis databases of its own, and
gets its tests in an order that keeps ordinary database tests before transactional ones
(tests/scheduling.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.test import redis_urls_for_worker
from tests.scheduling import work_units

CI_URLS = {
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
}


def test_outside_xdist_the_redis_urls_are_kept():
    assert redis_urls_for_worker(CI_URLS, None) == CI_URLS


def test_each_worker_has_redis_databases_of_its_own():
    assert redis_urls_for_worker(CI_URLS, "gw0") == CI_URLS
    assert redis_urls_for_worker(CI_URLS, "gw1") == {
        "CACHE_URL": "redis://127.0.0.1:6379/3",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/2",
    }


def test_databases_further_up_move_by_the_span_they_cover():
    urls = {"CACHE_URL": "redis://:secret@redis:6380/9", "CELERY_BROKER_URL": "redis://redis/8"}
    assert redis_urls_for_worker(urls, "gw1") == {
        "CACHE_URL": "redis://:secret@redis:6380/11",
        "CELERY_BROKER_URL": "redis://redis/10",
    }
    # Broker 0 and cache 5: worker 1 takes 6 to 11, clear of worker 0's.
    apart = {"CACHE_URL": "redis://h/5", "CELERY_BROKER_URL": "redis://h/0"}
    assert redis_urls_for_worker(apart, "gw1") == {
        "CACHE_URL": "redis://h/11",
        "CELERY_BROKER_URL": "redis://h/6",
    }


def test_no_database_number_means_database_0_and_other_brokers_are_left_alone():
    urls = {"CACHE_URL": "redis://127.0.0.1:6379", "CELERY_BROKER_URL": "memory://"}
    assert redis_urls_for_worker(urls, "gw2") == {"CACHE_URL": "redis://127.0.0.1:6379/2"}
    assert redis_urls_for_worker({"CACHE_URL": None, "CELERY_BROKER_URL": "memory://"}, "gw1") == {}


def test_a_worker_past_redis_last_database_refuses_to_start():
    urls = {"CACHE_URL": "redis://h/13", "CELERY_BROKER_URL": "redis://h/12"}
    assert redis_urls_for_worker(urls, "gw1") == {
        "CACHE_URL": "redis://h/15",
        "CELERY_BROKER_URL": "redis://h/14",
    }
    with pytest.raises(ImproperlyConfigured, match="would need Redis database 17"):
        redis_urls_for_worker(urls, "gw2")


def test_work_units_are_runs_of_one_file_and_the_browser_tests_are_one():
    collection = [
        "tests/a/test_x.py::test_ordinary",
        "tests/a/test_x.py::test_ordinary_too",
        "tests/a/test_y.py::test_ordinary",
        "tests/browser/test_one.py::test_journey",
        "tests/browser/test_two.py::test_journey",
        "tests/a/test_x.py::test_transactional",
        "tests/a/test_y.py::test_without_database",
    ]
    units = work_units(collection)
    assert list(dict.fromkeys(units.values())) == [
        "tests/a/test_x.py (run 1)",
        "tests/a/test_y.py (run 1)",
        "tests/browser/ (run 1)",
        "tests/a/test_x.py (run 2)",
        "tests/a/test_y.py (run 2)",
    ]
    assert units["tests/browser/test_two.py::test_journey"] == "tests/browser/ (run 1)"
