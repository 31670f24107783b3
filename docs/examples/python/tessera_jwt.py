"""Verify Tessera access tokens in Python: PyJWT (>= 2.6, with cryptography) and the server's JWKS.

Checks what RFC 8725 and RFC 9068 ask: the algorithm pinned (never taken from the token), the header's
typ "at+jwt" (so an ID token or another JWT signed by the same keys is not accepted as an access token),
the signature with a key from Tessera's own JWKS chosen by kid, and iss, aud, exp (plus iat, sub and sid
present). Unknown kids refresh the key set at most once a minute, so forged kids cannot make every request
fetch the JWKS.
"""

import json
import threading
import time
import urllib.request

import jwt


class TesseraVerifier:
    def __init__(self, jwks_url, issuer, audience, algorithms=("EdDSA",), refresh_interval=60.0, timeout=5.0):
        self._jwks_url = jwks_url
        self._issuer = issuer
        self._audience = audience
        self._algorithms = list(algorithms)
        self._refresh_interval = refresh_interval
        self._timeout = timeout
        self._lock = threading.Lock()
        self._keys = None
        self._fetched_at = 0.0

    def verify(self, token):
        """The token's claims, or jwt.InvalidTokenError (jwt.ExpiredSignatureError when it has expired)."""
        header = jwt.get_unverified_header(token)
        if header.get("typ") != "at+jwt":
            raise jwt.InvalidTokenError("not an access token (typ must be at+jwt)")
        if header.get("alg") not in self._algorithms:
            raise jwt.InvalidAlgorithmError("algorithm not allowed")
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise jwt.InvalidTokenError("token has no kid")
        key = self._key_set().get(kid) or self._key_set(refresh=True).get(kid)
        if key is None:
            raise jwt.InvalidTokenError("token was signed by an unknown key")
        return jwt.decode(
            token,
            key.key,
            algorithms=self._algorithms,
            audience=self._audience,
            issuer=self._issuer,
            options={"require": ["exp", "iat", "iss", "aud", "sub", "sid"]},
        )

    def _key_set(self, refresh=False):
        with self._lock:
            stale = refresh and time.monotonic() - self._fetched_at >= self._refresh_interval
            if self._keys is None or stale:
                with urllib.request.urlopen(self._jwks_url, timeout=self._timeout) as response:
                    document = json.load(response)
                self._keys = {key.key_id: key for key in jwt.PyJWKSet.from_dict(document).keys}
                self._fetched_at = time.monotonic()
            return self._keys
