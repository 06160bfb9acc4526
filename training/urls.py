"""The training app's public and member pages (the listing and course pages are Wagtail
pages, served by views/listing.py and the course page's own template)."""

from django.urls import path

from training.views import wishes

app_name = "training"

urlpatterns: list = [
    path("training/wishes/", wishes.training_wishes, name="wishes"),
]
