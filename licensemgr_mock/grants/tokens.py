"""Tokens for license users without an AWS account: CreateToken, ListTokens, DeleteToken,
GetAccessToken.

CreateToken gives a refresh token (a JWT, valid ``ExpirationInDays``); GetAccessToken trades it
for a one-hour access token (also a JWT), which the user passes to STS
AssumeRoleWithWebIdentity for a role of the license holder's account. Both are RS256 JWTs
signed by one RSA key the mock makes per partition and process
(``licensemgr_mock.token_public_key_pem`` gives its public half, to verify them). Claims of
both tokens:

- ``iss``: ``https://openid-license-manager.amazonaws.com``
- ``aud``: the LicenseArn; ``sub``: the TokenId (a UUID)
- ``amr``: the TokenProperties, then ``aws:license-manager:token-issuer-account-id:<account>``
- ``roleArns``: the RoleArns given to CreateToken
- ``iat``, ``exp`` (epoch seconds); ``token_use``: ``refresh`` or ``access``
"""

from __future__ import annotations

import hashlib
import threading
from datetime import datetime, timedelta

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from licensemgr_mock.licenses.access import LicenseAccess
from licensemgr_mock.licenses.signing import Claims
from licensemgr_mock.pipeline import clock
from licensemgr_mock.pipeline.api import (
    AllowedOperation,
    CreateTokenRequest,
    CreateTokenResponse,
    DeleteTokenRequest,
    DeleteTokenResponse,
    GetAccessTokenRequest,
    GetAccessTokenResponse,
    ListTokensRequest,
    ListTokensResponse,
    TokenType,
    handles,
)
from licensemgr_mock.pipeline.errors import (
    ResourceLimitExceededException,
    ResourceNotFoundException,
    invalid,
)
from licensemgr_mock.pipeline.pagination import apply_filters, paginate
from licensemgr_mock.state.records import TokenData, TokenKey
from licensemgr_mock.state.scope import Area, Scope, new_uuid

ISSUER = "https://openid-license-manager.amazonaws.com"
DEFAULT_EXPIRATION_DAYS = 365
ACCESS_TOKEN_LIFETIME = timedelta(hours=1)
# Live refresh tokens one account may hold per license; AWS has a quota but publishes no number.
MAX_TOKENS_PER_LICENSE = 100
# The model's TokenString: at most 4096 characters.
MAX_TOKEN_LENGTH = 4096
AVAILABLE, DELETED = "AVAILABLE", "DELETED"
ALGORITHM = "RS256"


# Each partition's key, made once per process and kept across resets: the service's key
# outlives any one test, and RSA generation (tenths of a second) in every test that touched
# tokens made each of them that much slower.
_KEYS: dict[str, TokenKey] = {}
_KEYS_LOCK = threading.Lock()


def token_key(partition: str) -> TokenKey:
    """The RSA key that signs ``partition``'s refresh and access tokens."""
    with _KEYS_LOCK:
        key = _KEYS.get(partition)
        if key is None:
            private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            public = private.public_key().public_bytes(
                Encoding.DER, PublicFormat.SubjectPublicKeyInfo
            )
            key = _KEYS[partition] = TokenKey(private, hashlib.sha256(public).hexdigest()[:32])
    return key


def token_public_key_pem(partition: str) -> str:
    """The PEM public key that verifies the refresh and access tokens of ``partition``."""
    public = token_key(partition).private.public_key()
    return public.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()


class TokensArea(Area):
    """CreateToken, ListTokens, DeleteToken, GetAccessToken."""

    def __init__(self, scope: Scope, access: LicenseAccess) -> None:
        super().__init__(scope)
        self.access = access

    @property
    def _tokens(self) -> dict[str, TokenData]:
        return self.store.tokens

    def _sign(self, claims: Claims) -> str:
        key = token_key(self.scope.partition)
        return jwt.encode(claims, key.private, algorithm=ALGORITHM, headers={"kid": key.kid})

    @handles("CreateToken")
    def create_token(self, request: CreateTokenRequest) -> CreateTokenResponse:
        """Makes a refresh token (an RS256 JWT, valid ExpirationInDays, default 365) for a
        license the caller issued or holds an ACTIVE grant allowing CreateToken for, in its home
        region. At most 100 live tokens per account and license (ResourceLimitExceededException)."""
        license_ = self.access.visible_license(request["LicenseArn"], ResourceNotFoundException)
        self.require_home_region(license_.current.home_region)
        mine = license_.issuer_account == self.account_id
        if not mine and self.access.grant_allowing(license_, AllowedOperation.CREATE_TOKEN) is None:
            raise invalid(
                f"The caller's grant of license {license_.arn} does not allow CreateToken."
            )
        if license_.deletion_date is not None:
            raise invalid(f"License {license_.arn} is deleted.")
        days = request.get("ExpirationInDays", DEFAULT_EXPIRATION_DAYS)
        now = clock.now()
        # A refresh token must expire at a time a JWT and ListTokens can state; the lower
        # bound is checked before any arithmetic.
        if days < 1 or (expires := clock.later(now, clock.days(days))) == clock.LAST:
            raise invalid("ExpirationInDays must be at least 1 and end before the year 10000.")
        live = [
            t
            for t in self._tokens.values()
            if t.account == self.account_id
            and t.license_arn == license_.arn
            and t.status == AVAILABLE
            and t.expires > now
        ]
        if len(live) >= MAX_TOKENS_PER_LICENSE:
            raise ResourceLimitExceededException(
                f"Account {self.account_id} already has {len(live)} tokens for license "
                f"{license_.arn}; delete one first."
            )
        properties = list(request.get("TokenProperties") or [])
        roles = list(request.get("RoleArns") or [])
        token_id = new_uuid()
        token = self._sign(
            self._claims(license_.arn, token_id, properties, roles, now, expires, "refresh")
        )
        if len(token) > MAX_TOKEN_LENGTH:
            raise invalid(
                f"The token would be longer than {MAX_TOKEN_LENGTH} characters; pass fewer or "
                "shorter RoleArns or TokenProperties."
            )
        self._tokens[token_id] = TokenData(
            token_id=token_id,
            token_type=TokenType.REFRESH_TOKEN,
            license_arn=license_.arn,
            expiration_time=clock.iso(expires),
            token_properties=properties,
            role_arns=roles,
            status=AVAILABLE,
            account=self.account_id,
            expires=expires,
        )
        return {"TokenId": token_id, "TokenType": TokenType.REFRESH_TOKEN, "Token": token}

    def _claims(
        self,
        license_arn: str,
        token_id: str,
        properties: list[str],
        roles: list[str],
        issued: datetime,
        expires: datetime,
        use: str,
    ) -> Claims:
        return {
            "iss": ISSUER,
            "aud": license_arn,
            "sub": token_id,
            "amr": [*properties, f"aws:license-manager:token-issuer-account-id:{self.account_id}"],
            "roleArns": roles,
            "iat": int(issued.timestamp()),
            "exp": int(expires.timestamp()),
            "token_use": use,
        }

    @handles("GetAccessToken")
    def get_access_token(self, request: GetAccessTokenRequest) -> GetAccessTokenResponse:
        """Trades a live refresh token this mock signed for a one-hour access token with the same
        claims; any TokenProperties given must be in the token. A deleted, expired, tampered or
        foreign token gets ValidationException."""
        claims = self._verified_refresh_token(request["Token"])
        token = self._tokens.get(claims["sub"])
        if token is None or token.status == DELETED:
            raise invalid(f"Token {claims['sub']} has been deleted.")
        missing = [p for p in request.get("TokenProperties") or [] if p not in claims["amr"]]
        if missing:
            raise invalid(f"TokenProperties {missing} are not in the token.")
        now = clock.now()
        access = {
            **claims,
            "iat": int(now.timestamp()),
            "exp": int(clock.later(now, ACCESS_TOKEN_LIFETIME).timestamp()),
            "token_use": "access",
        }
        return {"AccessToken": self._sign(access)}

    def _verified_refresh_token(self, token: str) -> Claims:
        """The claims of a refresh token this mock signed; ValidationException for anything
        else (another signer, tampered, an access token, expired)."""
        public = token_key(self.scope.partition).private.public_key()
        try:
            # Expiry is checked below against clock.now(), so freezegun and time-machine rule it.
            claims: Claims = jwt.decode(
                token,
                public,
                algorithms=[ALGORITHM],
                issuer=ISSUER,
                options={"verify_aud": False, "verify_exp": False, "verify_iat": False},
            )
        except jwt.InvalidTokenError as error:
            raise invalid(f"Token is not a valid refresh token: {error}.") from None
        fields_ok = isinstance(claims.get("sub"), str) and isinstance(claims.get("amr"), list)
        if claims.get("token_use") != "refresh" or not fields_ok:
            raise invalid("Token is not a refresh token.")
        if not isinstance(claims.get("exp"), int) or claims["exp"] <= clock.now().timestamp():
            raise invalid("Token has expired.")
        return claims

    @handles("ListTokens")
    def list_tokens(self, request: ListTokensRequest) -> ListTokensResponse:
        """The caller's tokens, deleted and expired ones included, filtered by TokenIds and the
        LicenseArns filter."""
        wanted = request.get("TokenIds")
        mine = [
            t
            for t in self._tokens.values()
            if t.account == self.account_id and (wanted is None or t.token_id in wanted)
        ]
        mine = apply_filters(mine, request.get("Filters"), {"LicenseArns": lambda t: t.license_arn})
        page, next_token = paginate(request, mine)
        return {"Tokens": page, "NextToken": next_token}

    @handles("DeleteToken")
    def delete_token(self, request: DeleteTokenRequest) -> DeleteTokenResponse:
        """Marks one of the caller's tokens DELETED (it stays listed), in the license's home
        region; an unknown or already deleted token gets ResourceNotFoundException."""
        token_id = request["TokenId"]
        token = self._tokens.get(token_id)
        if token is None or token.account != self.account_id or token.status == DELETED:
            raise ResourceNotFoundException(f"Token {token_id} was not found.")
        self.require_home_region(self.store.licenses[token.license_arn].current.home_region)
        token.status = DELETED
        return {}
