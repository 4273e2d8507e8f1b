"""Box "Server Authentication (with JWT)": a signed assertion traded for an access token.

The assertion is an RS256 JWT with header ``kid`` = the app's public key id and claims ``iss`` (client id), ``sub``
+ ``box_sub_type`` (the enterprise, i.e. the service account, or a user), ``aud`` (the token URL), a fresh ``jti``
and ``exp`` a few seconds ahead: Box refuses one more than 60 s ahead. When Box says our clock is off (an
``invalid_grant`` about ``exp``) the grant is sent once more, timed by the ``Date`` of Box's answer.

PyJWT and cryptography come with the ``jwt`` extra and are imported only when a JWTAuth is built, so the rest of
boxup (and ``boxup --version``) starts without them. The private key is decrypted once, when the object is built;
the PEM text and the passphrase are not kept, and no repr, message or log line shows either.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx

from .auth import _TOKEN_TIMEOUT, DEFAULT_OAUTH_URL, _RenewingAuth
from .errors import InputError
from .gateway.tokens import TokenAnswer, TokenGrant
from .private_files import check_private_file
from .validate import is_box_id

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
ASSERTION_LIFETIME = 30  # seconds; Box's ceiling is 60, and the margin absorbs a little clock drift
EXTRA_HINT = "JWT apps need the jwt extra: pip install 'boxup[jwt]'"


def _crypto() -> tuple[Any, Any]:
    """PyJWT and cryptography's serialization module, or the one-line hint naming the extra."""
    try:
        import jwt
        from cryptography.hazmat.primitives import serialization
    except ImportError:
        raise InputError(EXTRA_HINT) from None
    return jwt, serialization


def load_private_key(pem: str, passphrase: str | None) -> Any:
    """The RSA private key from PEM text; a missing or wrong passphrase is an InputError that shows neither."""
    _, serialization = _crypto()
    encrypted = "ENCRYPTED" in pem.split("-----", 3)[1] if pem.count("-----") >= 2 else False
    if encrypted and not passphrase:
        raise InputError("the JWT private key is encrypted but no passphrase was given")
    try:
        return serialization.load_pem_private_key(
            pem.encode(), password=passphrase.encode() if encrypted and passphrase else None
        )
    except (ValueError, TypeError):
        if encrypted:
            raise InputError("the JWT private key cannot be decrypted: wrong passphrase") from None
        raise InputError("the JWT private key is not a PEM private key") from None


class JWTAuth(_RenewingAuth):
    """A JWT app acting as its service account (``enterprise_id``) or as one of its users (``user_id``)."""

    grant_type = JWT_GRANT

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        public_key_id: str,
        private_key: str,
        passphrase: str | None = None,
        enterprise_id: str | None = None,
        user_id: str | None = None,
        oauth_url: str = DEFAULT_OAUTH_URL,
        timeout: httpx.Timeout | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(
            client_id, client_secret, oauth_url=oauth_url, timeout=timeout or _TOKEN_TIMEOUT, transport=transport
        )
        if not public_key_id:
            raise InputError("the JWT public key id is empty")
        subject = user_id if user_id is not None else enterprise_id
        if not is_box_id(subject):
            which = "user id" if user_id is not None else "enterprise id"
            raise InputError(f"the JWT {which} must be numeric, not {subject!r}")
        self._jwt, _ = _crypto()
        self._key = load_private_key(private_key, passphrase)
        self._kid = public_key_id
        self._subject = subject
        self._subject_type = "user" if user_id is not None else "enterprise"
        self._audience = oauth_url.rstrip("/")
        self._clock_offset = 0.0  # Box's clock minus ours, learnt from a Date header when Box refuses our exp

    @classmethod
    def from_config_file(
        cls,
        path: str | os.PathLike[str],
        user_id: str | None = None,
        *,
        oauth_url: str = DEFAULT_OAUTH_URL,
        timeout: httpx.Timeout | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> JWTAuth:
        """From the config.json the Box Developer Console downloads; ``user_id`` acts as that user instead of
        the service account."""
        settings = read_config_file(Path(path))
        return cls(
            settings["clientID"],
            settings["clientSecret"],
            public_key_id=settings["publicKeyID"],
            private_key=settings["privateKey"],
            passphrase=settings["passphrase"] or None,
            enterprise_id=settings["enterpriseID"] if user_id is None else None,
            user_id=user_id,
            oauth_url=oauth_url,
            timeout=timeout,
            transport=transport,
        )

    def __repr__(self) -> str:
        return (
            f"JWTAuth(client_id={self._client_id!r}, {self._subject_type}={self._subject!r}, "
            "secret=<redacted>, private_key=<redacted>)"
        )

    @property
    def subject(self) -> tuple[str, str]:
        """(box_sub_type, id): who the tokens act as."""
        return self._subject_type, self._subject

    def assertion(self) -> str:
        now = int(time.time() + self._clock_offset)
        claims = {
            "iss": self._client_id,
            "sub": self._subject,
            "box_sub_type": self._subject_type,
            "aud": self._audience,
            "jti": secrets.token_urlsafe(32),
            "exp": now + ASSERTION_LIFETIME,
        }
        return str(self._jwt.encode(claims, self._key, algorithm="RS256", headers={"kid": self._kid}))

    def _grant(self) -> TokenGrant:
        return TokenGrant(
            grant_type=JWT_GRANT,
            client_id=self._client_id,
            client_secret=self._client_secret,
            assertion=self.assertion(),
        )

    def _retry_grant(self, answer: TokenAnswer) -> bool:
        if answer.status != 400:
            return False
        about_exp = answer.error == "invalid_grant" and "'exp'" in (answer.error_description or "")
        server_time = _date_header(answer.headers.get("date"))
        if not about_exp or server_time is None:
            return False
        self._clock_offset = server_time - time.time()
        return True


def _date_header(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None


_CONFIG_FIELDS = {
    "clientID": ("boxAppSettings", "clientID"),
    "clientSecret": ("boxAppSettings", "clientSecret"),
    "publicKeyID": ("boxAppSettings", "appAuth", "publicKeyID"),
    "privateKey": ("boxAppSettings", "appAuth", "privateKey"),
    "passphrase": ("boxAppSettings", "appAuth", "passphrase"),
    "enterpriseID": ("enterpriseID",),
}
_OPTIONAL = {"passphrase", "enterpriseID"}


def read_config_file(path: Path) -> dict[str, str]:
    """The fields of a Developer Console config.json, flattened; every problem is a one-line InputError."""
    check_private_file(path, "the JWT config file")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"the JWT config file {path} cannot be read: {exc.strerror}") from None
    except (ValueError, UnicodeDecodeError):
        raise InputError(f"the JWT config file {path} is not JSON") from None
    found: dict[str, str] = {}
    for name, keys in _CONFIG_FIELDS.items():
        value: Any = document
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        if value is None and name in _OPTIONAL:
            value = ""
        if not isinstance(value, str | int) or isinstance(value, bool) or (value == "" and name not in _OPTIONAL):
            raise InputError(f"the JWT config file {path} lacks {'.'.join(keys)}")
        found[name] = str(value)
    return found
