"""The training app's public and member pages (the listing and course pages are Wagtail
pages, served by views/listing.py and the course page's own template)."""

from django.urls import path  # noqa: F401  (the areas add their paths below)

app_name = "training"

urlpatterns: list = []
