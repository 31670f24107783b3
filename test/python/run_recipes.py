"""Runs docs/examples/python against tokens from a real Tessera: reads {jwks_url, issuer, audience, tokens}
on stdin, prints for each token what the plain verifier and the DRF authentication class made of it."""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "docs", "examples", "python"))

import django
from django.conf import settings

given = json.load(sys.stdin)
settings.configure(
    DEBUG=False,
    SECRET_KEY="recipe-test",
    ALLOWED_HOSTS=["*"],
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "rest_framework"],
    DATABASES={},
    TESSERA={"JWKS_URL": given["jwks_url"], "ISSUER": given["issuer"], "AUDIENCE": given["audience"]},
    REST_FRAMEWORK={
        "DEFAULT_AUTHENTICATION_CLASSES": ["tessera_drf.TesseraAuthentication"],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
        "UNAUTHENTICATED_USER": None,
    },
)
django.setup()

import jwt
from rest_framework.decorators import api_view
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory

from tessera_jwt import TesseraVerifier


@api_view(["GET"])
def whoami(request):
    return Response({"sub": request.user.id, "sid": request.auth["sid"]})


verifier = TesseraVerifier(given["jwks_url"], issuer=given["issuer"], audience=given["audience"])
factory = APIRequestFactory()
results = {}
for name, token in given["tokens"].items():
    try:
        claims = verifier.verify(token)
        plain = {"ok": True, "sub": claims["sub"]}
    except jwt.InvalidTokenError as error:
        plain = {"ok": False, "error": type(error).__name__}
    response = whoami(factory.get("/whoami", HTTP_AUTHORIZATION=f"Bearer {token}"))
    response.render()
    results[name] = {
        "plain": plain,
        "drf": {
            "status": response.status_code,
            "body": json.loads(response.content),
            "www_authenticate": response.get("WWW-Authenticate"),
        },
    }
print(json.dumps(results))
