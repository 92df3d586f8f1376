"""Where moto (its stubber, its ``responses`` mock and its server) sends License Manager
requests: every operation is ``POST /`` on the regional endpoint."""

from __future__ import annotations

from licensemgr_mock.moto_glue.entrance import answer

url_bases = [
    r"https?://license-manager(?:-fips)?\.(.+)\.amazonaws\.com",
    r"https?://license-manager(?:-fips)?\.(.+)\.api\.aws",
]

url_paths = {"{0}/$": answer}
