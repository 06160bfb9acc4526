"""The training app's staff screens in the Wagtail admin: registrations only."""

from training.admin import wishes

wishes.register()  # "Training people would like" (Reports)
