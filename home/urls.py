from django.urls import path

from home import views

app_name = "home"

urlpatterns = [
    path("contact/", views.contact, name="contact"),
]
