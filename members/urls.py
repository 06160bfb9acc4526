from django.urls import path

from members.views import accounts, equality, memberships, personal_data, profiles

app_name = "members"

urlpatterns = [
    path("account/", accounts.account, name="account"),
    path("account/name/", accounts.account_name, name="account_name"),
    path("account/your-data/", personal_data.your_data, name="your_data"),
    path(
        "account/your-data/download/",
        personal_data.your_data_download,
        name="your_data_download",
    ),
    path("account/delete/", personal_data.account_delete, name="account_delete"),
    path("account/deleted/", personal_data.account_deleted, name="account_deleted"),
    path("equality/", equality.equality_intro, name="equality"),
    path("equality/check/", equality.equality_check, name="equality_check"),
    path("equality/delete/", equality.equality_delete, name="equality_delete"),
    path("equality/<slug:slug>/", equality.equality_step, name="equality_step"),
    path("profile/", profiles.profile, name="profile"),
    path("profile/done/", profiles.profile_done, name="profile_done"),
    path("profile/<slug:slug>/", profiles.profile_step, name="profile_step"),
    path("groups/<int:group_id>/join/", memberships.group_join, name="group_join"),
    path("groups/<int:group_id>/joined/", memberships.group_joined, name="group_joined"),
    path(
        "groups/<int:group_id>/membership/",
        memberships.group_membership,
        name="group_membership",
    ),
    path("groups/<int:group_id>/membership/leave/", memberships.group_leave, name="group_leave"),
    path("groups/<int:group_id>/rules/", memberships.group_rules, name="group_rules"),
]
