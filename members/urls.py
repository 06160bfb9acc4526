from django.urls import path

from members import equality_views, views

app_name = "members"

urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/your-data/", views.your_data, name="your_data"),
    path("account/your-data/download/", views.your_data_download, name="your_data_download"),
    path("account/delete/", views.account_delete, name="account_delete"),
    path("account/deleted/", views.account_deleted, name="account_deleted"),
    path("equality/", equality_views.equality_intro, name="equality"),
    path("equality/check/", equality_views.equality_check, name="equality_check"),
    path("equality/delete/", equality_views.equality_delete, name="equality_delete"),
    path("equality/<slug:slug>/", equality_views.equality_step, name="equality_step"),
    path("profile/", views.profile, name="profile"),
    path("profile/done/", views.profile_done, name="profile_done"),
    path("profile/<slug:slug>/", views.profile_step, name="profile_step"),
    path("groups/<int:group_id>/join/", views.group_join, name="group_join"),
    path("groups/<int:group_id>/joined/", views.group_joined, name="group_joined"),
    path("groups/<int:group_id>/membership/", views.group_membership, name="group_membership"),
    path("groups/<int:group_id>/membership/leave/", views.group_leave, name="group_leave"),
    path("groups/<int:group_id>/rules/", views.group_rules, name="group_rules"),
]
