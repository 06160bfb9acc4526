from django.urls import path

from opportunities.views import applications, requests

app_name = "opportunities"

urlpatterns = [
    path("requests/", requests.request_list, name="requests"),
    path("requests/new/", requests.request_new, name="request_new"),
    path("requests/<int:request_id>/", requests.request_detail, name="request_detail"),
    path("requests/<int:request_id>/check/", requests.request_check, name="request_check"),
    path("requests/<int:request_id>/sent/", requests.request_sent, name="request_sent"),
    path(
        "requests/<int:request_id>/impact/<int:opportunity_id>/",
        requests.request_impact,
        name="request_impact",
    ),
    path("requests/<int:request_id>/<slug:slug>/", requests.request_step, name="request_step"),
    path("apply/<int:opportunity_id>/", applications.apply, name="apply"),
    path(
        "apply/<int:opportunity_id>/check/",
        applications.apply_check,
        name="apply_check",
    ),
    path("applications/", applications.applications, name="applications"),
    path(
        "applications/<int:application_id>/sent/",
        applications.application_sent,
        name="application_sent",
    ),
    path(
        "applications/<int:application_id>/withdraw/",
        applications.application_withdraw_view,
        name="application_withdraw",
    ),
]
