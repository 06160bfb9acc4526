"""Settings shared by every environment. Safe by default: DEBUG is off.

dev.py, test.py and production.py override what differs. Values from the
environment are read through config.env only.
"""

from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str
from config.timeouts import broker_transport_options, database_from_url, redis_cache

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps first so their templates win over the libraries' own.
    "home",
    "members",
    "involvement",
    "opportunities",
    "training",
    "projects",
    "reciprocity",
    # Wagtail; members.apps.RoundtableUsersConfig replaces "wagtail.users" so the
    # user admin knows our user model has one name field, not first/last names.
    "wagtail.contrib.settings",
    "wagtail.embeds",
    # Not "wagtail.sites": its admin viewset serves a "copy" view that saves over the
    # original site (Wagtail 8.0.1). home/wagtail_hooks.py registers the same admin
    # without it; the Site model itself is Wagtail core's.
    "members.apps.RoundtableUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Public pages in the NHS.UK frontend style (blocks, CSS, JS, form tags).
    "wagtailnhsukfrontend",
    "wagtailnhsukfrontend.forms",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Which sessions are whose: ended on erasure and on a password change or reset, and
    # listed for the person at /accounts/sessions/ (they can end them there).
    "allauth.usersessions",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # While Redis is down, sign-in and the other rate-limited forms refuse at once.
    "config.middleware.RefuseRateLimitedFormsWhileCacheDownMiddleware",
    # Near the top: a cached page skips everything below it, and a page is stored only
    # as every middleware below left it (a cookie set anywhere keeps it out).
    "home.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.RoundtableCSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After AccountMiddleware: needs the signed-in user and allauth's MFA state.
    "members.middleware.AdminAccessMiddleware",
    "config.middleware.NoStoreWhenSignedInMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # Dates read the same on every page: "4 December 2026" (home.datetimes).
            "builtins": ["home.templatetags.roundtable_dates"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_shell",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------

# Waiting on other services (config/timeouts.py): a database or Redis that hangs must
# not hang the site. Seconds.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 5)
# Only processes that serve web requests have their statements cancelled (config/wsgi.py
# sets it on each connection they open): below gunicorn's 30-second worker timeout, so a
# stuck query gives the error page and frees the worker. Celery workers, beat and
# management commands (migrate, createcachetable, long admin jobs) have no limit: nobody
# waits on them and a migration or a quarter's equality figures may rightly take longer.
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 20)
# Connecting to Redis (broker and cache), and each of its replies.
REDIS_TIMEOUT = env_int("REDIS_TIMEOUT", 2)

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": database_from_url(
            DATABASE_URL,
            connect_timeout=DATABASE_CONNECT_TIMEOUT,
        )
    }
else:
    # The embedded default: a newcomer's `make run` needs nothing installed.
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
    }

# wagtail-nhsuk-frontend's settings models use AutoField; matching it avoids models.W042.
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

CACHE_URL = env_str("CACHE_URL") or env_str("REDIS_URL")
if CACHE_URL:
    CACHES = {"default": redis_cache(CACHE_URL, timeout=REDIS_TIMEOUT)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public pages are served from the cache to visitors who are not signed in, for at
# most this long (home/page_cache.py); publishing and other changes make them stale
# at once. 0 turns that cache, and the fragments pages share, off.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 300)

# --- Accounts ----------------------------------------------------------------

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/account/"
# Wagtail's own /admin/login/ form would skip MFA and allauth's rate limits.
WAGTAILADMIN_LOGIN_URL = LOGIN_URL
# Pages kept for some groups send visitors to allauth, not to Wagtail's bare form.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
# Ending a session from the sessions page also ends its unsent drafts.
USERSESSIONS_ADAPTER = "members.adapters.UserSessionsAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.accounts.SignupForm"
# Our own forms: one message per field that says how to fix it ("Enter your email
# address"), where allauth's say "This field is required." whatever the field.
ACCOUNT_FORMS = {
    "signup": "members.forms.entrance.EntranceSignupForm",
    "login": "members.forms.entrance.EntranceLoginForm",
    "reset_password": "members.forms.entrance.EntranceResetPasswordForm",
    "reset_password_from_key": "members.forms.entrance.EntranceResetPasswordKeyForm",
    "add_email": "members.forms.entrance.EntranceAddEmailForm",
    "change_password": "members.forms.entrance.EntranceChangePasswordForm",
    "set_password": "members.forms.entrance.EntranceSetPasswordForm",
    "confirm_email_verification_code": "members.forms.entrance.EntranceVerifyEmailCodeForm",
    "reauthenticate": "members.forms.entrance.EntranceReauthenticateForm",
}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# A code typed in the same browser, not a link: the person is signed in when they
# enter it and goes on to what they were doing (allauth keeps "next" through it),
# and the page offers a new code. A link only signed in within the same session.
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
# The code page and its email say "15 minutes": set here, not left to allauth's default.
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = True  # "Send a new code", twice at most
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None  # ask ("Remember me") rather than decide for people
# A signed-in member sent to /accounts/login/ by the admin must see the page, not loop.
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# allauth's defaults (confirm_email aside), written out: tests and the README rely on them.
# five failed sign-ins for one account in five minutes lock that account's sign-in.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    # The first code and the two new ones a person may ask for; a code lives in the
    # session, so a refused one is a hard error page, not a silent skip.
    "confirm_email": "3/10m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("SITE_NAME", "Roundtable")

# How long before a group membership's term ends the member is asked to renew.
MEMBERSHIP_RENEWAL_NOTICE_DAYS = 42

# Domains whose *verified* email addresses become researchers at once.
RESEARCHER_EMAIL_DOMAINS = [d.lower().lstrip("@") for d in env_list("RESEARCHER_EMAIL_DOMAINS")]

# --- Email ---------------------------------------------------------------------

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Roundtable <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
# STARTTLS on the submission port (587) by default. EMAIL_USE_SSL is TLS from the first
# byte instead (port 465); a local relay that speaks neither takes EMAIL_USE_TLS=false.
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    # Django would only find out when the first email is sent, in a worker's log.
    raise ImproperlyConfigured(
        "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true: choose STARTTLS (TLS, "
        "usually port 587) or TLS from the start (SSL, usually port 465)."
    )
EMAIL_TIMEOUT = 20
# Sent emails are kept this long (Admin → Settings → Outbox) to answer "did
# they get it?", then deleted: they hold people's addresses and messages.
NOTIFICATION_RETENTION_DAYS = env_int("NOTIFICATION_RETENTION_DAYS", 90)

# --- Celery ----------------------------------------------------------------------

_BROKER_FROM_ENV = env_str("CELERY_BROKER_URL")
CELERY_BROKER_URL = _BROKER_FROM_ENV or "memory://"
# No broker configured: run tasks in-process, so `make run` needs nothing else.
CELERY_TASK_ALWAYS_EAGER = _BROKER_FROM_ENV is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged once it has run, and given back if its worker dies, so a
# crash delays work but does not drop it. Tasks must therefore be idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that hangs or refuses costs a request one try of about REDIS_TIMEOUT seconds,
# then kombu.exceptions.OperationalError, which the callers catch (home/background.py): no
# retries inside a request. What was not handed over is picked up later (the outbox
# sweep, announce_pending, the nightly equality publishing).
CELERY_BROKER_TRANSPORT_OPTIONS = broker_transport_options(timeout=REDIS_TIMEOUT)
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TIMEZONE = "Europe/London"
# Periodic jobs (`make beat`). Each task is safe to run twice.
CELERY_BEAT_SCHEDULE: dict = {
    "membership-terms": {
        "task": "members.membership_terms_daily",
        "schedule": crontab(hour=7, minute=0),
    },
    # Just after midnight: the listing already hides them by date; this marks them.
    "opportunities-close": {
        "task": "opportunities.close_past_deadline",
        "schedule": crontab(hour=0, minute=5),
    },
    # Announces opportunities a broker outage kept from being announced at publish.
    "opportunities-announce-pending": {
        "task": "opportunities.announce_pending",
        "schedule": 15 * 60,
    },
    # Erased members' financial records past the retention period, with their receipts.
    "financial-records-purge": {
        "task": "reciprocity.financial_records_purge",
        "schedule": crontab(hour=3, minute=30),
    },
    # Receipts of expense claims never sent, after EXPENSE_DRAFT_RECEIPT_DAYS.
    "expense-draft-receipts-purge": {
        "task": "reciprocity.draft_receipts_purge",
        "schedule": crontab(hour=3, minute=45),
    },
    # Monday morning: the week's new opportunities, for members who chose a digest.
    "opportunities-digest": {
        "task": "opportunities.weekly_digest",
        "schedule": crontab(hour=8, minute=0, day_of_week=1),
    },
    # Expired sessions (Django never deletes them by itself), abandoned drafts.
    "sessions-clear": {
        "task": "members.sessions_clear_daily",
        "schedule": crontab(hour=3, minute=0),
    },
    # Two days before each course session, a reminder to everyone booked (once each:
    # the outbox's key), so hourly is as often as a reminder can be late.
    "training-reminders": {"task": "training.reminders_send", "schedule": 60 * 60},
    # The same for group meetings, to the members who said they will come.
    "meeting-reminders": {"task": "opportunities.meeting_reminders_send", "schedule": 60 * 60},
    # Closes written comment rounds past their closing time (the time members gave is
    # recorded, the researcher told); every 15 minutes, so one closes at most that late.
    "comment-rounds-close": {"task": "opportunities.comment_rounds_close", "schedule": 15 * 60},
    # -- projects: impact and reports (issue 18, area E) --
    # Once a day: activities whose members have heard no "you said, we did" within
    # IMPACT_FEEDBACK_OVERDUE_WEEKS; the researcher and the project's staff are
    # reminded once (projects.services.impact.impact_reminders_send).
    "projects-impact-reminders": {
        "task": "projects.impact_reminders_send",
        "schedule": crontab(hour=9, minute=15),
    },
    # -- end of projects: impact and reports --
    # Sends emails a broker outage or a crash left pending (the outbox's safety net).
    "notifications-sweep": {"task": "home.notifications_sweep", "schedule": 5 * 60},
    # Publishes (once, frozen) the equality figures of the quarter that has just ended.
    "equality-publish": {
        "task": "members.equality_publish_closed_period",
        "schedule": crontab(hour=2, minute=15),
    },
    # projects (conversation): the daily email of new messages and progress updates,
    # for team members who chose one email a day (safe to run twice: keyed by date).
    "projects-conversation-digest": {
        "task": "projects.conversation_digest_send",
        "schedule": crontab(hour=7, minute=30),
    },
    # end projects (conversation)
}
# Beat has no one waiting on it, and a lost publish would skip a day's job: its
# publishes keep Celery's own retries (three, within about a second).
for _entry in CELERY_BEAT_SCHEDULE.values():
    _entry.setdefault("options", {})["retry"] = True

# --- Wagtail -------------------------------------------------------------------

WAGTAIL_SITE_NAME = env_str("SITE_NAME", "Roundtable")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_PASSWORD_RESET_ENABLED = False  # allauth owns password reset
WAGTAILUSERS_PASSWORD_ENABLED = False  # staff never set someone else's password
# Wagtail's own "account" page would change email and password outside allauth:
# no verification, no rate limit, no notice to the person.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # would send staff emails' hashes to a third party
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # documents pass through Django's permission checks
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
# Wagtail 8's rich-text editor has no accessible name; ours is named by its field's label.
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "home.widgets.LabelledDraftailRichTextArea"},
}
SOURCE_CODE_URL = env_str("SOURCE_CODE_URL", "")

# --- Internationalisation ------------------------------------------------------

LANGUAGE_CODE = "en-gb"
# "4 December 2026" wherever a date has no format of its own (config/formats).
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGES = [("en-gb", _("English"))]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media ----------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Receipts for expense claims: personal data, never under MEDIA_URL. They are served
# only through a view that checks who is asking (reciprocity.views.receipt).
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
RECEIPT_MAX_BYTES = 10 * 1024 * 1024  # a phone photo of a receipt is 2–5 MB
# A receipt chosen for a claim that is never sent is deleted after this many days: long
# enough to finish a claim another day, short enough not to keep strangers' receipts. The
# default is as long as the unsent claim itself is kept (SESSION_COOKIE_AGE), so a claim
# resumed on its last day still has its receipts.
EXPENSE_DRAFT_RECEIPT_DAYS = env_int("EXPENSE_DRAFT_RECEIPT_DAYS", 14)
# Members with nothing to claim for are told the involvement team usually records
# taking part within this many working days of the activity.
INVOLVEMENT_RECORDED_WITHIN_WORKING_DAYS = env_int("INVOLVEMENT_RECORDED_WITHIN_WORKING_DAYS", 5)
# Erased members' payments and expense claims are kept, pseudonymised, this many years
# after the end of their tax year, then deleted (HMRC asks employers to keep 6).
FINANCIAL_RETENTION_YEARS = env_int("FINANCIAL_RETENTION_YEARS", 6)
# Equality reports show counts below this as "fewer than N" (members/suppression.py).
EQUALITY_SUPPRESSION_THRESHOLD = env_int("EQUALITY_SUPPRESSION_THRESHOLD", 5)
# A population smaller than this (a group, the applicants of a quarter or an
# opportunity) gets no equality table at all; never below the threshold above.
EQUALITY_MINIMUM_POPULATION = env_int("EQUALITY_MINIMUM_POPULATION", 10)
# The publishing audit's solver stops after this long on one program; whatever it has
# not cleared by then is hidden (members/disclosure.py), so a slow audit hides more,
# never less.
EQUALITY_AUDIT_SECONDS = 60.0
# Matching members to opportunities (opportunities/matching/core.py, where each weight
# and rule is explained). Name only the ones to change, e.g. {"new_voice": 3.0}; the
# rest keep their defaults: topic 4, topic_close 3, topic_category 1, skill 1 each (up
# to skill_cap 3), format 1, times 1, region 1, access 0.5 each, stage 1, new_voice 2,
# not_lately 1 (after lately_days 365), and "suited" from a score of 4.
MATCHING_WEIGHTS: dict[str, float] = {}
# Meeting papers and comment-round documents (home/private_files.py): a long report
# with pictures as a PDF is rarely over 10 MB; easy-read versions are larger.
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
# A researcher given a slot at a group's meeting sends their papers this many days
# before it, so members have time to read them (staff can change it per meeting).
MEETING_PAPERS_DAYS_BEFORE = env_int("MEETING_PAPERS_DAYS_BEFORE", 7)
# A series of meetings ("the first Tuesday of every month") is made this far ahead;
# staff extend it from the group's meetings screen.
MEETING_SERIES_MONTHS_AHEAD = 12
# -- projects: impact and reports (issue 18, area E) --
# An activity whose members have heard no "you said, we did" this many weeks after
# they last took part is overdue: the researcher and the project's staff are reminded
# (once), and the project's impact page says so.
IMPACT_FEEDBACK_OVERDUE_WEEKS = env_int("IMPACT_FEEDBACK_OVERDUE_WEEKS", 6)
# -- end of projects: impact and reports --

# --- Security headers ----------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail's preview views override this to SAMEORIGIN for themselves.
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14

# A strict policy: everything from our own origin; no inline script or style.
# config.middleware adds the one relaxation Wagtail's admin needs, under /admin/ only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for the MFA QR code and the NHS.UK CSS's inline icons.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail logs every page save and background task at INFO: too chatty.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# Demo accounts and content are for development only; production turns this off.
ROUNDTABLE_DEMO_DATA_ALLOWED = False
