"""Business actions of the members app. Views, forms, admin, tasks and commands call these.

One module per area; everything public is re-exported here, so callers write
`from members.services import membership_join`.
"""

from members.services.accounts import (
    AlreadyDecided,
    account_signed_up,
    email_domain,
    email_in_use,
    email_verified_by_password_reset,
    is_trusted_researcher_domain,
    researcher_approve,
    researcher_check_trusted_domain,
    researcher_decline,
    role_grant,
)
from members.services.assisted import member_register_assisted
from members.services.drafts import (
    draft_discard,
    draft_get,
    draft_save,
    drafts_discard_for_session,
    drafts_purge,
)
from members.services.email import email_person
from members.services.memberships import (
    RULES_CHANGED,
    MembershipError,
    ground_rules_record_if_changed,
    membership_accept_ground_rules,
    membership_approve,
    membership_can_renew,
    membership_decline,
    membership_join,
    membership_leave,
    membership_pause,
    membership_renew,
    memberships_behind_on_ground_rules,
    memberships_end_lapsed,
    memberships_invite_renewals,
    memberships_with_new_ground_rules,
)
from members.services.own_record import (
    OWN_RECORD,
    OwnRecordError,
    is_own_record,
    own_record_refuse,
)
from members.services.personal_data import (
    ErasureRefused,
    account_can_be_erased,
    account_erase,
    account_erasing,
    personal_data_archive,
    personal_data_collect,
    personal_data_files,
    personal_data_files_requested,
    personal_data_requested,
)
from members.services.profiles import (
    has_accepted_privacy_notice,
    privacy_notice_accept,
    privacy_notice_version,
    profile_complete_onboarding,
)
from members.services.sessions import session_end, sessions_clear, sessions_end, sessions_forget

__all__ = [
    "OWN_RECORD",
    "OwnRecordError",
    "is_own_record",
    "own_record_refuse",
    "draft_discard",
    "draft_get",
    "draft_save",
    "drafts_discard_for_session",
    "drafts_purge",
    "session_end",
    "sessions_clear",
    "sessions_end",
    "sessions_forget",
    "personal_data_requested",
    "personal_data_collect",
    "personal_data_files",
    "personal_data_files_requested",
    "personal_data_archive",
    "account_erasing",
    "account_erase",
    "account_can_be_erased",
    "ErasureRefused",
    "RULES_CHANGED",
    "AlreadyDecided",
    "MembershipError",
    "account_signed_up",
    "email_domain",
    "email_in_use",
    "email_person",
    "email_verified_by_password_reset",
    "ground_rules_record_if_changed",
    "has_accepted_privacy_notice",
    "is_trusted_researcher_domain",
    "member_register_assisted",
    "membership_accept_ground_rules",
    "membership_approve",
    "membership_can_renew",
    "membership_decline",
    "membership_join",
    "membership_leave",
    "membership_pause",
    "membership_renew",
    "memberships_behind_on_ground_rules",
    "memberships_end_lapsed",
    "memberships_invite_renewals",
    "memberships_with_new_ground_rules",
    "privacy_notice_accept",
    "privacy_notice_version",
    "profile_complete_onboarding",
    "researcher_approve",
    "researcher_check_trusted_domain",
    "researcher_decline",
    "role_grant",
]
