"""Where moto (its stubber, its ``responses`` mock and its server) sends License Manager
requests: every operation is ``POST /`` on the regional endpoint."""

from __future__ import annotations

from licensemgr_mock.moto_adapters.entrance import DNS_SUFFIXES, answer

url_bases = [rf"https?://license-manager(?:-fips)?\.(.+)\.{suffix}" for suffix in DNS_SUFFIXES]

url_paths = {"{0}/$": answer}
