"""moto's KMS as License Manager reads it (``state.services.Kms``): the keys that sign
licenses, and the issuers' keys seeding makes."""

from __future__ import annotations

import copy
import re
import weakref
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from moto.core.exceptions import JsonRESTError
from moto.kms.models import kms_backends

from licensemgr_mock.moto_adapters import moto_dicts
from licensemgr_mock.state.services import IssuerKey, KmsKey

_KEY_ARN = re.compile(r"^arn:[^:]+:kms:(?P<region>[^:]+):(?P<account>\d{12}):key/(?P<id>.+)$")


class MotoKms:
    """``state.services.Kms`` on moto's KMS backends."""

    def describe_key(self, reference: str, account: str, region: str) -> KmsKey | None:
        """The key a key id, key ARN, alias or alias ARN names (a key ARN names its own
        account and region), None when moto's KMS has none."""
        match = _KEY_ARN.match(reference)
        if match:
            account, region = match["account"], match["region"]
        try:
            # KeyError also when moto's KMS does not serve the ARN's region.
            key = moto_dicts.backend(kms_backends, account, region).describe_key(reference)
        except (KeyError, AttributeError, JsonRESTError):
            return None
        seen = _seen.get(key)
        if seen is None or seen.key_state != key.key_state:
            seen = _seen[key] = KmsKey(
                arn=key.arn,
                key_usage=key.key_usage,
                key_spec=key.key_spec,
                key_state=key.key_state,
                private_key=_rsa_private_key(key),
            )
        return seen

    def issuer_key(self, account: str, issuer_name: str, region: str) -> IssuerKey:
        """The issuer's signing key in moto's KMS: one RSA key per (account, issuer, region),
        generated once per process and put back into moto's KMS after each reset."""
        backend = kms_backends[account][region]
        made = _issuer_keys.get((account, issuer_name, region))
        if made is None:
            key = backend.create_key(
                policy=None,
                key_usage="SIGN_VERIFY",
                key_spec="RSA_2048",
                description=f"License signing key of {issuer_name}",
                tags=None,
            )
            private = _rsa_private_key(key)
            assert private is not None  # an RSA_2048 key was just asked for
            public_pem = private.public_key().public_bytes(
                Encoding.PEM, PublicFormat.SubjectPublicKeyInfo
            )
            # A pristine copy, taken before the test can disable or schedule the key.
            made = _Made(IssuerKey(key.arn, key.id, public_pem.decode()), _copy(key))
            _issuer_keys[(account, issuer_name, region)] = made
        elif made.key.key_id not in backend.keys:
            # A fresh KMS (moto reset it): the same key, in its first state, through moto's
            # own key table; generating a new RSA key would cost ~70 ms per test.
            backend.keys[made.key.key_id] = _copy(made.pristine)
        return made.key


def _rsa_private_key(moto_key: Any) -> RSAPrivateKey | None:
    """The RSA key object inside a moto KMS key (moto wraps it in its own class)."""
    private = getattr(moto_key.private_key, "private_key", None)
    return private if isinstance(private, RSAPrivateKey) else None


def _copy(key: Any) -> Any:
    """A deep copy of a moto KMS key that shares its (immutable) RSA key object."""
    keep = key.private_key
    return copy.deepcopy(key, memo={id(keep): keep})


@dataclass(frozen=True)
class _Made:
    key: IssuerKey
    pristine: Any = field(repr=False)


# moto KMS key -> what License Manager read of it; entries go with moto's reset of KMS.
_seen: weakref.WeakKeyDictionary[Any, KmsKey] = weakref.WeakKeyDictionary()
# (account, issuer name, region) -> its signing key, for the life of the process.
_issuer_keys: dict[tuple[str, str, str], _Made] = {}
