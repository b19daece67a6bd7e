"""Settings shared by every environment. They read only the environment (see .env.example)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url

from rose.config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(env_str("ROSE_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
DEBUG = env_bool("DJANGO_DEBUG", False)
ROSE_DEMO = env_bool("ROSE_DEMO", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("ROSE_SITE_URL", "http://127.0.0.1:8000")

ROSE_APPS = [
    "rose.core",
    "rose.audit",
    "rose.accounts",
    "rose.patients",
    "rose.medicines",
    "rose.messaging",
    "rose.referrals",
    "rose.plans",
    "rose.groups",
    "rose.letters",
    "rose.outcomes",
    "rose.hub",
    "rose.demo",
]

INSTALLED_APPS = [
    *ROSE_APPS,
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rose.core.middleware.RequestIdMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "rose.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "rose.accounts.middleware.SessionTimeoutMiddleware",
    "rose.accounts.middleware.StaffTwoFactorMiddleware",
    "rose.core.middleware.NoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rose.config.urls"
WSGI_APPLICATION = "rose.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "rose" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "rose.config.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "rose.core.context_processors.frontend",
                "rose.accounts.context_processors.navigation",
            ],
        },
    },
    {
        # Django's own admin and Wagtail's admin use Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'rose.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web and worker processes share the file: IMMEDIATE transactions and a busy timeout
    # stop "database is locked" on concurrent read-then-write (docs/adr/003).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# NCSC password guidance: length over complexity, block common passwords, no forced expiry.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "rose.accounts.validators.PaddedCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"

# Sessions: 30 minutes idle (warned at 25), 12 hours in all (NHS login's rule for staff too).
SESSION_IDLE_SECONDS = env_int("ROSE_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("ROSE_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_TOUCH_SECONDS = env_int("ROSE_SESSION_TOUCH_SECONDS", 60)  # how often the idle clock is written
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
# With the shared cache (Redis, as production requires) a session is read from the cache and written to
# the cache and the database together (cached_db): a signed-in page no longer reads django_session, and a
# cache miss reads the row. Only the session's own data is cached (the user's id and password digest,
# the verified device's id, the idle clock): the user and the two-factor device are still loaded and
# checked on every request, so a disabled account, a changed password or a removed device takes effect
# on the next request (rose/accounts/tests/test_session_cache.py). Without Redis the cache is per
# process, so sessions stay in the database alone: a sign-out in one worker must end it in every worker.
SESSION_ENGINE = ("django.contrib.sessions.backends.cached_db" if REDIS_URL
                  else "django.contrib.sessions.backends.db")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

AXES_FAILURE_LIMIT = env_int("ROSE_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = 0.5  # hours: the cool-down, after which the pair may try again
# Lock the pair (account, address), not the account alone: someone guessing from elsewhere cannot lock a
# colleague out of their own desk, and the user is emailed when it happens (docs/adr/004).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "rose.audit.services.client_ip"
# The client's address behind a reverse proxy: the header the proxy sets (for example X-Forwarded-For)
# and how many proxies of ours stand in front. Empty: REMOTE_ADDR (no proxy). Used by audit and lockout.
ROSE_CLIENT_IP_HEADER = env_str("ROSE_CLIENT_IP_HEADER", "")
ROSE_TRUSTED_PROXY_COUNT = env_int("ROSE_TRUSTED_PROXY_COUNT", 1)
AXES_USERNAME_FORM_FIELD = "email"
AXES_LOCKOUT_CALLABLE = "rose.accounts.views.lockout_response"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_RESET_ON_SUCCESS = True

OTP_TOTP_ISSUER = "ROSE opioid reduction service"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NHSUK_FRONTEND_DIR = BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"
STATICFILES_DIRS = [("nhsuk", NHSUK_FRONTEND_DIR)] if NHSUK_FRONTEND_DIR.exists() else []
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("ROSE_FROM_EMAIL", "rose-no-reply@nhs.invalid")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Wagtail (education hub)
WAGTAIL_SITE_NAME = "ROSE education hub"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt"]
# Wagtail's admin signs in through ROSE (password + TOTP); its own password flows are off.
WAGTAILADMIN_LOGIN_URL = "accounts:login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Service settings
ROSE_SERVICE_NAME = "ROSE opioid reduction service"
ROSE_HIGH_DOSE_THRESHOLD_MG = env_int("ROSE_HIGH_DOSE_THRESHOLD_MG", 120)
ROSE_STUDY_ID_KEY = env_str("ROSE_STUDY_ID_KEY", "")

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "rose.core.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s request_id=%(request_id)s %(message)s"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "plain"}
    },
    "root": {"handlers": ["console"], "level": env_str("ROSE_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django logs request paths (which hold no personal data) and would log
        # bodies on 500s; keep it at WARNING.
        "django.request": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Lockout is by account and address together, never by address alone: trust staff share a few NAT
# addresses, and locking an address would lock out a whole hospital (docs/adr/004).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Text messages (rose.messaging; docs/messaging.md explains each).
ROSE_SMS_PROVIDER = env_str("ROSE_SMS_PROVIDER", "simulator")  # simulator | notify | twilio
NOTIFY_API_KEY = env_str("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = env_str("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_SMS_TEMPLATE_ID = env_str("NOTIFY_SMS_TEMPLATE_ID", "")
NOTIFY_CALLBACK_TOKEN = env_str("NOTIFY_CALLBACK_TOKEN", "")
TWILIO_ACCOUNT_SID = env_str("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = env_str("TWILIO_AUTH_TOKEN", "")
TWILIO_FROM = env_str("TWILIO_FROM", "")
TWILIO_BASE_URL = env_str("TWILIO_BASE_URL", "")  # empty: the real api.twilio.com
# The public address Twilio signs webhooks against, when a proxy changes scheme or host; empty
# means the address of the request as Django sees it.
ROSE_PUBLIC_BASE_URL = env_str("ROSE_PUBLIC_BASE_URL", "")
ROSE_SMS_SERVICE_NAME = env_str("ROSE_SMS_SERVICE_NAME", "the ROSE pain service")
ROSE_SMS_RATE_PER_MINUTE = env_int("ROSE_SMS_RATE_PER_MINUTE", 3000)
ROSE_SMS_PER_NUMBER_PER_HOUR = env_int("ROSE_SMS_PER_NUMBER_PER_HOUR", 20)
ROSE_SMS_QUIET_START = env_str("ROSE_SMS_QUIET_START", "20:00")
ROSE_SMS_QUIET_END = env_str("ROSE_SMS_QUIET_END", "09:00")
ROSE_SMS_TIMEOUT_SECONDS = env_int("ROSE_SMS_TIMEOUT_SECONDS", 10)
ROSE_SMS_MAX_ATTEMPTS = env_int("ROSE_SMS_MAX_ATTEMPTS", 10)
ROSE_SMS_SEND_THREADS = env_int("ROSE_SMS_SEND_THREADS", 8)
ROSE_SMS_UNMATCHED_PROGRAMME = env_str("ROSE_SMS_UNMATCHED_PROGRAMME", "")
# Our receiving numbers and their programmes, "+447900000001=slug-a,+447900000002=slug-b": a reply is
# matched to a patient of the programme whose number it was sent to.
ROSE_SMS_PROGRAMME_NUMBERS = dict(item.strip().split("=", 1) for item in
                                  env_str("ROSE_SMS_PROGRAMME_NUMBERS", "").split(",") if "=" in item)

# Days a patient has to answer the offer of a group place before it lapses and is offered on.
ROSE_GROUP_OFFER_DAYS = env_int("ROSE_GROUP_OFFER_DAYS", 7)

# GP letters over MESH (rose.letters, GP Connect Send Document). Empty ROSE_MESH_URL: MESH is off.
ROSE_MESH_URL = env_str("ROSE_MESH_URL", "")
ROSE_MESH_MAILBOX_ID = env_str("ROSE_MESH_MAILBOX_ID", "")
ROSE_MESH_PASSWORD = env_str("ROSE_MESH_PASSWORD", "")
ROSE_MESH_SHARED_KEY = env_str("ROSE_MESH_SHARED_KEY", "")
ROSE_MESH_CLIENT_CERT = env_str("ROSE_MESH_CLIENT_CERT", "")
ROSE_MESH_CLIENT_KEY = env_str("ROSE_MESH_CLIENT_KEY", "")
ROSE_MESH_CA_CERT = env_str("ROSE_MESH_CA_CERT", "")
ROSE_MESH_AUTOMATED_ROUTING = env_bool("ROSE_MESH_AUTOMATED_ROUTING", True)
ROSE_MESH_PRACTICE_MAILBOXES = env_list("ROSE_MESH_PRACTICE_MAILBOXES", [])
ROSE_LETTERS_SENDER_ODS = env_str("ROSE_LETTERS_SENDER_ODS", "")
ROSE_LETTERS_SENDER_NAME = env_str("ROSE_LETTERS_SENDER_NAME", "ROSE opioid reduction service")
ROSE_LETTERS_SENDER_TELEPHONE = env_str("ROSE_LETTERS_SENDER_TELEPHONE", "")
ROSE_LETTERS_ACK_HOURS = env_int("ROSE_LETTERS_ACK_HOURS", 72)
ROSE_LETTERS_MAX_ATTEMPTS = env_int("ROSE_LETTERS_MAX_ATTEMPTS", 6)
ROSE_LETTERS_ENQUEUE_DAYS = env_int("ROSE_LETTERS_ENQUEUE_DAYS", 7)
