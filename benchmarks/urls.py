"""The site's URLs and one trivial view, for the load benchmark only (benchmarks/load.py):
a baseline served by the same gunicorn through the same middleware, which does not move
when /healthz or the pages change (issue 12). Never in config.urls."""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def trivial(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("_bench/trivial", trivial), *site_urlpatterns]
