"""Seed 001's backend: simplejwt behind cookie views (login, refresh, logout) instead of simplejwt's own views.

The base settings plus the cookie's settings, named as the seed names them (JWT_COOKIE_NAME, JWT_COOKIE_SECURE,
JWT_COOKIE_SAMESITE). Selected by ../../seed-cookie-backend.ts through DJANGO_SETTINGS_MODULE.
"""
import os

from .settings import *  # noqa: F401,F403
from .settings import MIDDLEWARE

ROOT_URLCONF = "project.seed_urls"

JWT_COOKIE_NAME = "refresh_token"
# Plain http on 127.0.0.1 in the tests; a deployment over https sets it (and must, with SameSite=None).
JWT_COOKIE_SECURE = os.environ.get("SEED_COOKIE_SECURE", "0") == "1"
JWT_COOKIE_SAMESITE = "Lax"
# How access_token_expiry is written: "iso" (a date), "s" or "ms" (epoch).
SEED_EXPIRY_FORMAT = os.environ.get("SEED_EXPIRY_FORMAT", "iso")
# The front end's origin when it is served from another port (a browser test): CORS with credentials for it alone.
SEED_ALLOWED_ORIGIN = os.environ.get("SEED_ALLOWED_ORIGIN", "")

MIDDLEWARE = ["project.seed_cors.CorsMiddleware", *MIDDLEWARE]
