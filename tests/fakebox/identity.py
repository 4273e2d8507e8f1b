"""Enterprise identity: JWT apps (Server Authentication), managed users with their own root folders, As-User.

The key pair is generated once per emulator process (no private key is committed to the repository, so secret
scanners stay quiet and no two runs share a key); tests get it through the admin API as the config.json the Box
Developer Console would download. Box's refusal texts come from its answers quoted in SDK issues
(box-java-sdk #380/#404, boxr #69, box-node-sdk #138, box-python-sdk #243).
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import formatdate
from typing import Any

from .errors import BoxError, OAuthError
from .state import DEFAULT_USER, STATIC_TOKEN, State, User, now

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
ENTERPRISE_ID = "900001"
MAX_LIFETIME = 60.0  # Box refuses an assertion whose exp is more than 60 s ahead
# Managed users of the enterprise, each with their own "All Files".
MANAGED_USERS = [
    User("30000001", "Alice Managed", "alice@example.com"),
    User("30000002", "Bob Managed", "bob@example.com"),
]
INSUFFICIENT_SCOPE = (
    'Bearer realm="Service", error="insufficient_scope", '
    'error_description="The request requires higher privileges than provided by the access token."'
)


@dataclass(frozen=True)
class App:
    client_id: str
    client_secret: str
    public_key_id: str
    may_act_as: bool  # "Make API calls using the as-user header" enabled in the Developer Console


APPS = [
    App("fakebox-jwt-app", "fakebox-jwt-secret", "fbkey001", may_act_as=True),
    App("fakebox-jwt-plain", "fakebox-jwt-plain-secret", "fbkey002", may_act_as=False),
]


class KeyPair:
    """One RSA key pair per emulator process, generated lazily so emulators that never see JWT pay nothing."""

    _private: Any = None

    @classmethod
    def private(cls) -> Any:
        if cls._private is None:
            from cryptography.hazmat.primitives.asymmetric import rsa

            cls._private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return cls._private

    @classmethod
    def pem(cls, passphrase: str | None) -> str:
        from cryptography.hazmat.primitives import serialization

        encryption: Any = (
            serialization.BestAvailableEncryption(passphrase.encode()) if passphrase else serialization.NoEncryption()
        )
        return (
            cls.private()
            .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
            .decode()
        )


def server_now(state: State) -> float:
    """The emulated Box clock: real time plus the ``clock_skew`` setting."""
    return now() + state.settings.clock_skew


def http_date(state: State) -> str:
    return formatdate(server_now(state), usegmt=True)


def config_json(app_id: str, passphrase: str | None) -> dict[str, Any]:
    """The config.json the Developer Console downloads for ``app_id``."""
    app = _app(app_id)
    return {
        "boxAppSettings": {
            "clientID": app.client_id,
            "clientSecret": app.client_secret,
            "appAuth": {
                "publicKeyID": app.public_key_id,
                "privateKey": KeyPair.pem(passphrase),
                "passphrase": passphrase or "",
            },
        },
        "enterpriseID": ENTERPRISE_ID,
    }


def _app(client_id: str) -> App:
    for app in APPS:
        if app.client_id == client_id:
            return app
    raise KeyError(f"no such JWT app {client_id!r}")


def seed_managed_users(state: State) -> None:
    for user in MANAGED_USERS:
        state.add_managed_user(user)


def jwt_grant(state: State, form: dict[str, str], audience: str) -> tuple[User, bool]:
    """The user a JWT assertion names and whether its token may send As-User, or Box's invalid_grant."""
    import jwt

    app = next((a for a in APPS if a.client_id == form.get("client_id")), None)
    if app is None or form.get("client_secret") != app.client_secret:
        raise OAuthError("invalid_client", "The client credentials are invalid")
    assertion = form.get("assertion", "")
    try:
        header = jwt.get_unverified_header(assertion)
    except jwt.PyJWTError:
        raise OAuthError("invalid_grant", "Invalid JWT: the assertion is not a signed JWT") from None
    if header.get("alg") != "RS256" or header.get("kid") != app.public_key_id:
        raise OAuthError("invalid_grant", "Please check the 'kid' header: it must name the app's public key")
    try:
        claims = jwt.decode(
            assertion,
            KeyPair.private().public_key(),
            algorithms=["RS256"],
            options={"verify_exp": False, "verify_aud": False, "require": ["exp", "jti", "sub", "iss", "aud"]},
        )
    except jwt.InvalidSignatureError:
        raise OAuthError(
            "invalid_grant",
            'Signature verification error. The public key identified by "kid" must correspond to the private key '
            "used for signing.",
        ) from None
    except jwt.PyJWTError as exc:
        raise OAuthError("invalid_grant", f"Invalid JWT: {exc}") from None
    _check_claims(state, app, claims, audience)
    return _subject(state, claims), app.may_act_as and claims.get("box_sub_type") == "enterprise"


def _check_claims(state: State, app: App, claims: dict[str, Any], audience: str) -> None:
    if claims.get("iss") != app.client_id:
        raise OAuthError("invalid_grant", "Please check the 'iss' claim.")
    if claims.get("aud") != audience:
        raise OAuthError("invalid_grant", "Please check the 'aud' claim.")
    exp = claims.get("exp")
    t = server_now(state)
    if not isinstance(exp, int | float) or exp <= t:
        raise OAuthError(
            "invalid_grant", "Current date/time MUST be before the expiration date/time listed in the 'exp' claim"
        )
    if exp > t + MAX_LIFETIME:
        raise OAuthError(
            "invalid_grant",
            "Please check the 'exp' claim. The 'exp' value exceeds the maximum value of 60 seconds beyond the "
            "issue time.",
        )
    jti = claims.get("jti")
    if not isinstance(jti, str) or not 16 <= len(jti) <= 128 or jti in state.jtis:
        raise OAuthError("invalid_grant", "Please check the 'jti' claim. A unique 'jti' value is required.")
    state.jtis[jti] = float(exp)


def _subject(state: State, claims: dict[str, Any]) -> User:
    kind, subject = claims.get("box_sub_type"), str(claims.get("sub", ""))
    if kind == "enterprise" and subject == ENTERPRISE_ID:
        return DEFAULT_USER
    if kind == "user" and subject in state.roots:
        return state.users[subject]
    raise OAuthError("invalid_grant", "Please check the 'sub' claim. The 'sub' specified is invalid.")


def act_as(state: State, headers: dict[str, str], user: User) -> User:
    """The user a request acts as: its token's, or the managed user its ``As-User`` header names."""
    wanted = headers.get("as-user")
    if wanted is None:
        return user
    if not _may_act_as(state, headers):
        raise BoxError(403, "forbidden", "", headers={"WWW-Authenticate": INSUFFICIENT_SCOPE}, empty_body=True)
    wanted = wanted.strip()
    if not wanted.isdigit() or wanted not in state.roots:
        # [infer] Box's exact answer for a user outside the enterprise is undocumented.
        raise BoxError(403, "access_denied_insufficient_permissions", "Access denied - insufficient permission")
    return state.users[wanted]


def _may_act_as(state: State, headers: dict[str, str]) -> bool:
    token = headers.get("authorization", "").partition(" ")[2].strip()
    if token == STATIC_TOKEN:
        return True
    issued = state.tokens.get(token)
    return issued is not None and issued.may_act_as
