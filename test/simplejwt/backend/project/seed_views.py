"""Seed 001's token views, written from its description: simplejwt's serializers, the refresh token in a cookie.

- login: authenticates, answers {access_token, access_token_expiry}, sets the refresh token as an HttpOnly cookie.
- refresh: validates the cookie's refresh token, rotates it (ROTATE_REFRESH_TOKENS + BLACKLIST_AFTER_ROTATION, through
  simplejwt's TokenRefreshSerializer) and answers like login, with the rotated token in the cookie.
- logout: blacklists the cookie's refresh token and deletes the cookie.
"""
from datetime import datetime, timezone

from django.conf import settings
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer, TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken


def _expiry(access):
    exp = AccessToken(access, verify=False)["exp"]
    fmt = settings.SEED_EXPIRY_FORMAT
    if fmt == "s":
        return exp
    if fmt == "ms":
        return exp * 1000
    return datetime.fromtimestamp(exp, tz=timezone.utc)  # DRF renders it as ISO 8601


def _token_response(access, refresh):
    response = Response({"access_token": access, "access_token_expiry": _expiry(access)})
    if refresh is not None:
        response.set_cookie(
            settings.JWT_COOKIE_NAME,
            refresh,
            max_age=int(api_settings.REFRESH_TOKEN_LIFETIME.total_seconds()),
            httponly=True,
            secure=settings.JWT_COOKIE_SECURE,
            samesite=settings.JWT_COOKIE_SAMESITE,
        )
    return response


def _validated(serializer):
    try:
        serializer.is_valid(raise_exception=True)
    except TokenError as error:
        raise InvalidToken(error.args[0])
    return serializer.validated_data


class CookieTokenView(APIView):
    """No authentication (the credentials or the cookie are the point), and 401 rather than 403 when refused."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    def get_authenticate_header(self, request):
        # DRF answers 403 to a refusal when no authenticator names a scheme; simplejwt's own views do the same.
        return 'Bearer realm="api"'


class LoginView(CookieTokenView):
    def post(self, request):
        data = _validated(TokenObtainPairSerializer(data=request.data))
        return _token_response(data["access"], data["refresh"])


class RefreshView(CookieTokenView):
    def post(self, request):
        token = request.COOKIES.get(settings.JWT_COOKIE_NAME)
        if not token:
            raise InvalidToken("No refresh token cookie")
        data = _validated(TokenRefreshSerializer(data={"refresh": token}))
        # Without rotation the answer has no new refresh token and the cookie stays as it is.
        return _token_response(data["access"], data.get("refresh"))


class LogoutView(CookieTokenView):
    def post(self, request):
        token = request.COOKIES.get(settings.JWT_COOKIE_NAME)
        if token:
            try:
                RefreshToken(token).blacklist()
            except TokenError:
                pass  # already expired or blacklisted: the cookie goes all the same
        response = Response(status=status.HTTP_204_NO_CONTENT)
        response.delete_cookie(settings.JWT_COOKIE_NAME, samesite=settings.JWT_COOKIE_SAMESITE)
        return response
