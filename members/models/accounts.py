"""Accounts: the user model, for everyone who signs in (members, researchers, staff)."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import Permission, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from members import roles


class UserQuerySet(models.QuerySet):
    def with_role(self, role: str):
        return self.filter(groups__name=role)

    def role_requests_pending(self):
        # Researcher-role requests waiting for staff (not opportunities' ResearchRequest).
        return self.filter(researcher_request=User.ResearcherRequest.PENDING)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("is_staff", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # Sign-in is case-insensitive: Jo@Example.org and jo@example.org are one person.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """Everyone who signs in: members, researchers, staff. Email is the login.

    One name field, not first and last: many people have one name, or a family
    name first, and every script and punctuation mark is accepted.
    """

    class ResearcherRequest(models.TextChoices):
        NONE = "", _("Not asked")
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    class Channel(models.TextChoices):
        ONLINE = "", _("Signed up online")
        PHONE = "phone", _("By phone, with staff")
        PAPER = "paper", _("On a paper form")
        EVENT = "event", _("At an event, with staff")

    # Null, not blank, for people who joined with staff help and have no email
    # address: they are contacted by phone or post and cannot sign in until they
    # add one. (Nulls never clash with the unique constraint; empty strings would.)
    email = models.EmailField(
        _("email address"), max_length=254, unique=True, null=True, blank=True
    )
    name = models.CharField(
        _("full name"),
        max_length=200,
        blank=True,
        help_text=_("As the person writes it. Any characters are accepted."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Django's own admin is not mounted; is_staff only mirrors superuser status for
    # libraries that look for it. Staff access comes from the roles' permissions.
    is_staff = models.BooleanField(_("Django admin access"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    registered_channel = models.CharField(
        _("how they joined"),
        max_length=10,
        blank=True,
        choices=Channel.choices,
        default=Channel.ONLINE,
    )
    registered_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The staff member who registered this person on their behalf."),
    )

    researcher_request = models.CharField(
        _("researcher account"),
        max_length=10,
        blank=True,
        choices=ResearcherRequest.choices,
        default=ResearcherRequest.NONE,
    )
    researcher_organisation = models.CharField(
        _("research organisation"),
        max_length=200,
        blank=True,
        help_text=_("The university, trust or company a researcher works for."),
    )
    researcher_decided_at = models.DateTimeField(null=True, blank=True)
    researcher_decided_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    researcher_decision_note = models.TextField(blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # unique=True alone would let Jo@x.org and jo@x.org be two accounts.
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]
        permissions = [
            ("decide_researcher_request", _("Can approve or decline researcher accounts")),
        ]

    def __str__(self) -> str:
        return self.name or self.email or f"Member {self.pk}"

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else str(self)

    # Set for one request by members.middleware.AdminAccessMiddleware when the session
    # did not pass the second factor. Never stored.
    privileges_suspended = False

    def privileges_suspend(self) -> None:
        """For this request, give the account no more than a member's reach.

        A staff or admin account signed in with the password alone must not be able to
        use staff powers anywhere (issue 11, finding 2): every permission check goes
        through has_perm, so that is where they stop. Only the permissions of the
        unprivileged roles (Member, Researcher) the person holds still count, and
        superuser status grants nothing. The stored account is untouched.
        """
        self.privileges_suspended = True
        for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
            self.__dict__.pop(cache, None)

    def _unprivileged_permissions(self) -> set[str]:
        if not hasattr(self, "_unprivileged_perm_cache"):
            from django.contrib.auth.models import Permission

            self._unprivileged_perm_cache = {
                f"{app_label}.{codename}"
                for app_label, codename in Permission.objects.filter(
                    group__user=self, group__name__in=roles.UNPRIVILEGED_ROLES
                ).values_list("content_type__app_label", "codename")
            }
        return self._unprivileged_perm_cache

    def has_perm(self, perm, obj=None) -> bool:
        if self.privileges_suspended:
            return self.is_active and obj is None and perm in self._unprivileged_permissions()
        return super().has_perm(perm, obj)

    def has_perms(self, perm_list, obj=None) -> bool:
        return all(self.has_perm(perm, obj) for perm in perm_list)

    def has_module_perms(self, app_label) -> bool:
        if self.privileges_suspended:
            return self.is_active and any(
                perm.startswith(f"{app_label}.") for perm in self._unprivileged_permissions()
            )
        return super().has_module_perms(app_label)

    def get_all_permissions(self, obj=None) -> set[str]:
        if self.privileges_suspended:
            return set(self._unprivileged_permissions()) if obj is None else set()
        return super().get_all_permissions(obj)

    def get_user_permissions(self, obj=None) -> set[str]:
        return set() if self.privileges_suspended else super().get_user_permissions(obj)

    def get_group_permissions(self, obj=None) -> set[str]:
        if self.privileges_suspended:
            return self.get_all_permissions(obj)
        return super().get_group_permissions(obj)

    @property
    def acts_as_superuser(self) -> bool:
        """Superuser powers in use: use this, not is_superuser, for what the person who
        is asking may do (is_superuser is what the account is, whatever this session
        proved)."""
        return self.is_active and self.is_superuser and not self.privileges_suspended

    @cached_property
    def has_admin_access(self) -> bool:
        """Whether the account may open the staff admin once the second factor is
        used (for offering the link; the admin itself asks for the code).

        Every signed-in page's header asks, so it is one query (the permission, given
        to the person or to one of their groups), not the two that load every
        permission they have; read once per user object, dropped like role_names."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        return Permission.objects.filter(
            Q(user=self) | Q(group__user=self),
            content_type__app_label="wagtailadmin",
            codename="access_admin",
        ).exists()

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The account's roles, read once per user object (a page asks several times).

        Like Django's permission cache: changed through `user.groups`, it is dropped
        (members.receivers); a user object held from before a change elsewhere keeps
        what it read until refresh_from_db()."""
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: str) -> bool:
        return role in self.role_names

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self.__dict__.pop("role_names", None)
        self.__dict__.pop("has_admin_access", None)

    @property
    def is_member(self) -> bool:
        return self.has_role(roles.MEMBER)

    @property
    def is_researcher(self) -> bool:
        return self.has_role(roles.RESEARCHER)

    @property
    def is_involvement_staff(self) -> bool:
        if self.privileges_suspended:
            return False
        return self.is_superuser or self.has_role(roles.INVOLVEMENT_STAFF)
