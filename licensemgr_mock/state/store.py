"""State shared by every account of a partition: licenses, grants, checkouts, refresh tokens.

Their ARNs carry no region and cross accounts (a seller's license is checked out by a buyer),
so they live in one store per partition, next to the indexes that make lookups O(1). The moto
adapters keep one per partition where moto's reset clears it with everything else.
"""

from __future__ import annotations

import heapq
import threading
from collections import defaultdict
from datetime import datetime

from licensemgr_mock.state.idempotency import ClientTokenAnswers
from licensemgr_mock.state.records import Checkout, Grant, License, TokenData, TokenKey


class Store:
    """Licenses, grants and consumptions of one partition, and their indexes."""

    def __init__(self) -> None:
        # Every call that reads or changes this store holds the lock: no over-allocation.
        self.lock = threading.RLock()
        self.licenses: dict[str, License] = {}
        # ARN -> arrival rank of every license and grant: a list asked for by ARN is put in
        # the order of its full scan by sorting what it looked up, without scanning.
        self.arrival: dict[str, int] = {}
        # issuer account -> its licenses by ARN, oldest first: ListLicenses pages this.
        self.issued: dict[str, dict[str, License]] = defaultdict(dict)
        # (issuer account, ProductSKU) -> its licenses by ARN, oldest first: ListLicenses by
        # SKU. Every version of a license keeps its SKU, so this index never moves.
        self.issued_by_sku: dict[tuple[str, str], dict[str, License]] = defaultdict(dict)
        # (KeyFingerprint, ProductSKU) -> licenses, oldest first: CheckoutLicense's lookup.
        self.by_product: dict[tuple[str, str], list[License]] = defaultdict(list)
        self.grants: dict[str, Grant] = {}
        self.grants_by_license: dict[str, list[Grant]] = defaultdict(list)
        # grantee account -> license ARN -> grants: what an account has received.
        self.received: dict[str, dict[str, list[Grant]]] = defaultdict(lambda: defaultdict(list))
        # (grantee account, ProductSKU) -> the same grant lists, in the order received.
        self.received_by_sku: dict[tuple[str, str], dict[str, list[Grant]]] = defaultdict(dict)
        self.checkouts: dict[str, Checkout] = {}
        # Refresh tokens by TokenId, and the key that signs them (made on first use).
        self.tokens: dict[str, TokenData] = {}
        self.token_key: TokenKey | None = None
        self.client_tokens = ClientTokenAnswers()

    def add_license(self, license_: License) -> None:
        """Stores a new license and indexes it."""
        self.licenses[license_.arn] = license_
        self.arrival[license_.arn] = len(self.arrival)
        self.issued[license_.issuer_account][license_.arn] = license_
        sku = license_.current.product_sku
        self.issued_by_sku[(license_.issuer_account, sku)][license_.arn] = license_
        self.index_license(license_)

    def index_license(self, license_: License) -> None:
        """Indexes a license under its current fingerprint and SKU."""
        current = license_.current
        key = (current.issuer.key_fingerprint or "", current.product_sku)
        if license_ not in self.by_product[key]:
            self.by_product[key].append(license_)

    def unindex_license(self, license_: License) -> None:
        """Takes a license out of the product index (before its fingerprint changes)."""
        current = license_.current
        key = (current.issuer.key_fingerprint or "", current.product_sku)
        if license_ in self.by_product.get(key, []):
            self.by_product[key].remove(license_)

    def add_grant(self, grant: Grant) -> None:
        """Stores a new grant and indexes it by license and by grantee."""
        self.grants[grant.arn] = grant
        self.arrival[grant.arn] = len(self.arrival)
        self.grants_by_license[grant.current.license_arn].append(grant)
        received = self.received[grant.grantee_account]
        license_arn = grant.current.license_arn
        if license_arn not in received:
            sku = self.licenses[license_arn].current.product_sku
            self.received_by_sku[(grant.grantee_account, sku)][license_arn] = received[license_arn]
        received[license_arn].append(grant)

    def release_expired(self, license_: License, moment: datetime) -> None:
        """Returns to the pool every checkout of ``license_`` that expired by ``moment``."""
        expiries = license_.expiries
        while expiries and expiries[0][0] <= moment:
            expiration, token = heapq.heappop(expiries)
            checkout = self.checkouts.get(token)
            # An extension pushes a new entry; the stale one no longer matches and is skipped.
            if checkout is not None and checkout.active and checkout.expires == expiration:
                checkout.active = False
                license_.release(checkout.amounts)
