"""Signal receivers of `members`: allauth's signals, passed on to services or to
allauth's own session records; Wagtail's page publishing (ground rules versions); what
keeps cached answers (roles, public pages, people's own pages) from going stale; and the
page and document hooks that keep group-only content from a session without the second
factor."""

from allauth.account.internal.flows.login import record_authentication
from allauth.account.signals import (
    email_confirmed,
    password_changed,
    password_reset,
    password_set,
)
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.core.exceptions import PermissionDenied
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from wagtail.signals import page_published

from home.hooks import Section, site_sections
from home.page_cache import people_changed, public_pages_changed
from members import roles
from members.models import (
    ConsentRecord,
    EqualityResponse,
    GroupMembership,
    MemberProfile,
    ReferenceGroupIndexPage,
    ReferenceGroupPage,
    Region,
    Skill,
    Topic,
    User,
)
from members.services.accounts import (
    email_verified_by_password_reset,
    role_request_check_trusted_domain,
)
from members.services.drafts import journey_drafts
from members.services.groups import ground_rules_record_if_changed
from members.services.sessions import sessions_end


@receiver(email_confirmed, dispatch_uid="members.researcher_trusted_domain")
def on_email_confirmed(sender, request, email_address, **kwargs):
    role_request_check_trusted_domain(user=email_address.user, verified_email=email_address.email)


@receiver(authenticator_added, dispatch_uid="members.authenticator_added_counts_as_used")
def on_authenticator_added(sender, request, user, authenticator, **kwargs):
    # Setting up the app means typing a code from it: this session has just used its
    # second factor, so the admin should not ask for another code straight away.
    # (members.middleware asks sessions that never used it; allauth does not record
    # activation itself. allauth 65.22's internal API: the minor version is pinned.)
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", type=authenticator.type, id=authenticator.pk)


@receiver(page_published, dispatch_uid="members.ground_rules_versions")
def on_page_published(sender, instance, **kwargs):
    if isinstance(instance, ReferenceGroupPage):
        ground_rules_record_if_changed(group=instance)


@receiver(password_reset, dispatch_uid="members.password_reset_verifies_email")
def on_password_reset(sender, request, user, **kwargs):
    # People registered by staff set their first password from an emailed link.
    email_verified_by_password_reset(user=user)


# allauth's session record needs an address; a test client's sign-in has none.
UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 (a stored value, nothing listens on it)


@receiver(user_logged_in, dispatch_uid="members.record_session")
def on_user_logged_in(sender, request, user, **kwargs):
    # allauth.usersessions records sign-ins made through allauth's pages; Django's own
    # signal catches every other way a session is signed in, so ending "every session
    # of a person" (erasure, password change) cannot miss one.
    from allauth.usersessions.models import UserSession

    session = getattr(request, "session", None)
    if session is None:
        return
    try:
        UserSession.objects.create_from_request(request, user=user)
    except PermissionDenied:  # no client address (a test client's force_login)
        if not session.session_key:
            session.save()
        UserSession.objects.update_or_create(
            session_key=session.session_key,
            defaults={"user": user, "ip": UNKNOWN_ADDRESS},
        )


@receiver(user_logged_out, dispatch_uid="members.drafts_end_with_the_sign_in")
def on_user_logged_out(sender, request, user, **kwargs):
    if user is not None and request is not None:
        journey_drafts.discard_for_session(user=user, session=getattr(request, "session", None))


@receiver(password_changed, dispatch_uid="members.password_changed_ends_other_sessions")
@receiver(password_set, dispatch_uid="members.password_set_ends_other_sessions")
@receiver(password_reset, dispatch_uid="members.password_reset_ends_other_sessions")
def on_password_changed(sender, request, user, **kwargs):
    # Whoever knew the old password is signed out everywhere; the person keeps only
    # the session they changed it from.
    session = getattr(request, "session", None) if request is not None else None
    sessions_end(user=user, keep_session_key=session.session_key if session else None)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="members.roles_changed")
@receiver(
    m2m_changed, sender=User.user_permissions.through, dispatch_uid="members.permissions_changed"
)
def on_roles_changed(sender, instance, action, pk_set, **kwargs):
    # User.role_names and has_admin_access are read once per user object;
    # `user.groups.add()` and the like must not leave that object answering from before.
    if isinstance(instance, User):
        instance.__dict__.pop("role_names", None)
        instance.__dict__.pop("has_admin_access", None)
        if action.startswith("post_"):
            people_changed(instance.pk)
    elif action.startswith("post_"):
        # From the group's side (`group.user_set.add(…)`): pk_set names the people,
        # except for a clear, which does not say whom it removed.
        if pk_set is None:
            public_pages_changed()
        else:
            people_changed(*pk_set)


# A person's own pages keep their costliest part per person
# (home.page_cache.personal_fragment): these are what it shows of them.
PERSON_OF = {
    User: "pk",
    GroupMembership: "member_id",
    MemberProfile: "user_id",
    EqualityResponse: "member_id",
    ConsentRecord: "user_id",
    Authenticator: "user_id",
}


def on_own_record_changed(sender, instance, **kwargs):
    people_changed(getattr(instance, PERSON_OF[sender]))


for _model in PERSON_OF:
    post_save.connect(
        on_own_record_changed, sender=_model, dispatch_uid=f"members.person.{_model.__name__}"
    )
    post_delete.connect(
        on_own_record_changed, sender=_model, dispatch_uid=f"members.person_gone.{_model.__name__}"
    )


@receiver(m2m_changed, sender=MemberProfile.topics.through, dispatch_uid="members.person.topics")
@receiver(m2m_changed, sender=MemberProfile.skills.through, dispatch_uid="members.person.skills")
def on_profile_terms_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, MemberProfile):
        people_changed(instance.user_id)


# What a group's permissions allow (the staff admin link) reaches all its people; so
# do its name ("Your roles") and its deletion (which sends no m2m_changed).
@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="members.group_permissions")
def on_group_permissions_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        public_pages_changed()


@receiver(post_save, sender=Group, dispatch_uid="members.group_saved")
@receiver(post_delete, sender=Group, dispatch_uid="members.group_deleted")
def on_group_changed(sender, **kwargs):
    public_pages_changed()


# The listing's filters and the opportunity pages show the taxonomy.
@receiver(post_save, sender=Topic, dispatch_uid="members.page_cache.topic_saved")
@receiver(post_delete, sender=Topic, dispatch_uid="members.page_cache.topic_deleted")
@receiver(post_save, sender=Skill, dispatch_uid="members.page_cache.skill_saved")
@receiver(post_delete, sender=Skill, dispatch_uid="members.page_cache.skill_deleted")
@receiver(post_save, sender=Region, dispatch_uid="members.page_cache.region_saved")
@receiver(post_delete, sender=Region, dispatch_uid="members.page_cache.region_deleted")
def on_taxonomy_changed(sender, **kwargs):
    public_pages_changed()


# --- Wagtail's page and document hooks (registered in wagtail_hooks.py) -------------


def _suspended_session_refused(request, restrictions_of) -> bool:
    """Wagtail's "these groups only" restrictions read the account's groups (and let a
    superuser past) without asking has_perm. In a session that has not passed the second
    factor the account has a member's reach (members.middleware): only the groups of the
    unprivileged roles count, so a restriction to the staff group refuses it."""
    user = request.user
    if not getattr(user, "privileges_suspended", False):
        return False
    groups = set(user.groups.filter(name__in=roles.UNPRIVILEGED_ROLES).values_list("pk", flat=True))
    return any(
        restriction.restriction_type == restriction.GROUPS
        and not groups & set(restriction.groups.values_list("pk", flat=True))
        for restriction in restrictions_of()
    )


def page_groups_restriction_needs_mfa(page, request, serve_args, serve_kwargs):
    if _suspended_session_refused(request, page.get_view_restrictions):
        raise PermissionDenied


def document_groups_restriction_needs_mfa(document, request):
    if _suspended_session_refused(request, lambda: document.collection.get_view_restrictions()):
        raise PermissionDenied


@receiver(site_sections, dispatch_uid="members.site_section")
def reference_groups_section(sender, **kwargs):
    """ "Join a reference group": a start point on the home page and an item in the main
    navigation (home.hooks)."""
    return Section(
        order=20,
        page_model=ReferenceGroupIndexPage,
        nav_label=_("Reference groups"),
        start_label=_("Join a reference group"),
        description=_(
            "Groups that meet regularly and advise researchers on many studies. "
            "You can join more than one."
        ),
    )
