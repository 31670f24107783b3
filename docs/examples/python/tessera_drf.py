"""A Django REST Framework authentication class for Tessera access tokens.

settings.py:
    TESSERA = {"JWKS_URL": "https://auth.example.com/.well-known/jwks.json",
               "ISSUER": "tessera", "AUDIENCE": "tessera"}
    REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": ["tessera_drf.TesseraAuthentication"]}

request.user is a TesseraUser (id = the token's sub) and request.auth the verified claims. Map it to your own
User model in authenticate() if your views need one.
"""

import jwt
from django.conf import settings
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from tessera_jwt import TesseraVerifier

_verifier = None


def verifier():
    global _verifier
    if _verifier is None:
        config = settings.TESSERA
        _verifier = TesseraVerifier(
            config["JWKS_URL"],
            issuer=config["ISSUER"],
            audience=config["AUDIENCE"],
            algorithms=config.get("ALGORITHMS", ("EdDSA",)),
        )
    return _verifier


class TesseraUser:
    is_authenticated = True
    is_anonymous = False

    def __init__(self, claims):
        self.id = self.pk = claims["sub"]
        self.claims = claims

    def __str__(self):
        return self.id


class TesseraAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != b"bearer":
            return None  # not ours: other authentication classes may try
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Malformed bearer token", code="invalid_token")
        try:
            claims = verifier().verify(parts[1].decode("ascii"))
        except jwt.ExpiredSignatureError:
            raise exceptions.AuthenticationFailed("Access token has expired", code="token_expired")
        except (jwt.InvalidTokenError, UnicodeDecodeError):
            raise exceptions.AuthenticationFailed("Invalid access token", code="invalid_token")
        return TesseraUser(claims), claims

    def authenticate_header(self, request):
        # RFC 6750 §3: a 401 names the scheme, so DRF answers 401 rather than 403.
        return 'Bearer realm="api"'
