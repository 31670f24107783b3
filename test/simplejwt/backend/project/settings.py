"""A minimal djangorestframework-simplejwt backend, configured like the seed's: rotation with blacklisting, no grace.

Every knob the tests turn comes from the environment, set by ../../simplejwt-backend.ts.
"""
import os
from datetime import timedelta

SECRET_KEY = os.environ["SIMPLEJWT_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "project.urls"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "rest_framework",
    "rest_framework_simplejwt",
    "rest_framework_simplejwt.token_blacklist",
]
MIDDLEWARE = ["project.request_log.RequestLogMiddleware"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["SIMPLEJWT_DB"],
        # The server is threaded: concurrent refreshes wait for SQLite's write lock instead of failing.
        "OPTIONS": {"timeout": 20},
    }
}

# Interop does not depend on the hasher; PBKDF2's 260k rounds would only slow every login on a shared CI box.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework_simplejwt.authentication.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(seconds=int(os.environ.get("SIMPLEJWT_ACCESS_SECONDS", "300"))),
    "REFRESH_TOKEN_LIFETIME": timedelta(seconds=int(os.environ.get("SIMPLEJWT_REFRESH_SECONDS", "86400"))),
    "ROTATE_REFRESH_TOKENS": os.environ.get("SIMPLEJWT_ROTATE", "1") == "1",
    "BLACKLIST_AFTER_ROTATION": os.environ.get("SIMPLEJWT_ROTATE", "1") == "1",
    "UPDATE_LAST_LOGIN": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    # 500s reach the launcher's stderr buffer, which it quotes when the backend misbehaves.
    "loggers": {"django.request": {"handlers": ["stderr"], "level": "ERROR"}},
}
