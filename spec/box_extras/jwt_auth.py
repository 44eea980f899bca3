"""Box JWT server authentication: a token source for ``Client(token=...)``.

Hand-written (spec/box_extras/, copied into the package by the generator):
no API description says how Box's JWT grant works. It needs the ``jwt``
extra, ``pip install box_client[jwt]`` (PyJWT with cryptography); importing
the package does not import it.

What it follows, from Box's guide "JWT without SDKs"
(developer.box.com/guides/authentication/jwt/without-sdk/) and box-sdk-gen's
``BoxJWTAuth`` and ``JWTConfig.from_config_file`` (box_sdk_gen/box/jwt_auth.py):

- the assertion is signed RS256 with the app's private key (decrypted with
  its passphrase when it has one), its header's ``kid`` the public key's id;
- its claims: ``iss`` the client id, ``sub`` the enterprise or user id,
  ``box_sub_type`` ``enterprise`` or ``user``, ``aud``
  ``https://api.box.com/oauth2/token``, ``jti`` a random UUID, ``exp`` 30
  seconds ahead (Box accepts at most 60; 30 is box-sdk-gen's choice);
- it is POSTed as a form, ``grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer``
  with ``assertion``, ``client_id`` and ``client_secret``, to the token URL;
- the settings file is the JSON the Developer Console downloads:
  ``boxAppSettings.{clientID, clientSecret, appAuth.{publicKeyID, privateKey,
  passphrase}}`` and ``enterpriseID`` (or ``userID``).

The token is then handled as ``ClientCredentials`` handles its own: cached,
fetched again 30 seconds before it expires or once after a 401, one request
at a time however many callers wait, never following a redirect; a token
endpoint that fails is an ``ApiError``, an answer without a token a
``TokenError``. A new assertion is signed for every token request.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import httpx

from ._auth import ClientCredentials

try:
    import jwt
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key
except ImportError as exc:  # pragma: no cover - depends on the installation
    raise ImportError(
        "Box JWT authentication needs PyJWT and cryptography: "
        "pip install 'box_client[jwt]'"
    ) from exc

__all__ = ["JWTAuth"]

AUDIENCE = "https://api.box.com/oauth2/token"
GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer"
ASSERTION_SECONDS = 30


class JWTAuth(ClientCredentials):
    """Box JWT authentication, for the enterprise (its service account) or one user.

    Give exactly one of ``enterprise_id`` and ``user_id``. ``private_key`` is
    the PEM text (or a loaded RSA key), ``passphrase`` its password if it is
    encrypted; a key that cannot be read is a ``ValueError`` here rather than
    at the first request.
    The secret, the key and the token never appear in ``repr()``.
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        public_key_id: str,
        private_key: str | bytes | RSAPrivateKey,
        passphrase: str | bytes | None = None,
        enterprise_id: str | None = None,
        user_id: str | None = None,
        token_url: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        if (enterprise_id is None) == (user_id is None):
            raise ValueError("give either enterprise_id or user_id")
        super().__init__(client_id, client_secret, token_url=token_url, clock=clock)
        self.public_key_id = public_key_id
        self.subject_type = "enterprise" if enterprise_id is not None else "user"
        self.subject_id = str(enterprise_id if enterprise_id is not None else user_id)
        self._wall_clock = wall_clock
        self._key = _rsa_key(private_key, passphrase)

    def __repr__(self) -> str:
        return (
            f"JWTAuth(client_id={self.client_id!r}, {self.subject_type}_id="
            f"{self.subject_id!r}, public_key_id={self.public_key_id!r})"
        )

    @classmethod
    def from_settings(
        cls, settings: Mapping[str, Any], *, user_id: str | None = None, **kwargs: Any
    ) -> JWTAuth:
        """From the Developer Console's JSON settings, as a mapping.

        For the enterprise named in them, or for ``user_id`` if given (or if
        they name a ``userID`` and no ``enterpriseID``).
        """
        app = _field(settings, "boxAppSettings", dict)
        auth = _field(app, "appAuth", dict)
        passphrase = auth.get("passphrase") or None
        if user_id is None and settings.get("enterpriseID") is None:
            user_id = settings.get("userID")
        return cls(
            _field(app, "clientID", str),
            _field(app, "clientSecret", str),
            public_key_id=_field(auth, "publicKeyID", str),
            private_key=_field(auth, "privateKey", str),
            passphrase=passphrase if isinstance(passphrase, str) else None,
            enterprise_id=None if user_id is not None else settings.get("enterpriseID"),
            user_id=user_id,
            **kwargs,
        )

    @classmethod
    def from_settings_file(
        cls, path: str | Path, *, user_id: str | None = None, **kwargs: Any
    ) -> JWTAuth:
        """From the JSON file the Developer Console downloads (``*_config.json``)."""
        with open(path, encoding="utf-8") as handle:
            try:
                settings = json.load(handle)
            except ValueError as exc:
                raise ValueError(f"{path}: not JSON: {exc}") from None
        if not isinstance(settings, dict):
            raise ValueError(f"{path}: not a JSON object")
        return cls.from_settings(settings, user_id=user_id, **kwargs)

    def with_user(self, user_id: str) -> JWTAuth:
        """The same app, acting as ``user_id`` (an app user or, if allowed, a managed user)."""
        return JWTAuth(
            self.client_id,
            self._client_secret,
            public_key_id=self.public_key_id,
            private_key=self._key,
            user_id=user_id,
            token_url=self.token_url,
            clock=self._clock,
            wall_clock=self._wall_clock,
        )

    def assertion(self) -> str:
        """A new signed assertion: Box refuses a ``jti`` it has seen."""
        claims = {
            "iss": self.client_id,
            "sub": self.subject_id,
            "box_sub_type": self.subject_type,
            "aud": AUDIENCE,
            "jti": str(uuid.uuid4()),
            "exp": int(self._wall_clock()) + ASSERTION_SECONDS,
        }
        headers = {"kid": self.public_key_id}
        return jwt.encode(claims, self._key, algorithm="RS256", headers=headers)

    def token_request(self, base_url: str = "") -> httpx.Request:
        form = {
            "grant_type": GRANT_TYPE,
            "assertion": self.assertion(),
            "client_id": self.client_id,
            "client_secret": self._client_secret,
        }
        url = httpx.URL(self.token_url)
        if base_url:  # a relative token URL is resolved against the server's
            url = httpx.URL(base_url.rstrip("/") + "/").join(self.token_url)
        return httpx.Request(
            "POST", url, data=form, headers={"Accept": "application/json"}
        )


def _rsa_key(
    private_key: str | bytes | RSAPrivateKey, passphrase: str | bytes | None
) -> RSAPrivateKey:
    if isinstance(private_key, RSAPrivateKey):
        return private_key
    pem = private_key.encode() if isinstance(private_key, str) else private_key
    password = passphrase.encode() if isinstance(passphrase, str) else passphrase
    try:
        key = load_pem_private_key(pem, password=password or None)
    except (ValueError, TypeError) as exc:
        # The library's words: a wrong passphrase, a missing one, not a PEM key.
        raise ValueError(f"the private key cannot be read: {exc}") from None
    if not isinstance(key, RSAPrivateKey):
        raise ValueError("the private key is not an RSA key (Box signs with RS256)")
    return key


def _field(settings: Mapping[str, Any], key: str, kind: type) -> Any:
    value = settings.get(key)
    if not isinstance(value, kind):
        raise ValueError(f"the JWT settings have no {key} ({kind.__name__})")
    return value
