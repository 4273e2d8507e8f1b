"""Which TLS context a pool gets (gateway/hosts.py): an https host verifies against the CA bundle, loaded once per
process; a plain-http host (the emulator, a local test server) never does TLS, so it does not pay for loading the
bundle, and its context still refuses any certificate should TLS ever happen through it."""

from __future__ import annotations

import ssl

import httpx
from boxup.config import Endpoints
from boxup.gateway.hosts import Api, _tls_for


def test_an_https_host_gets_one_verifying_context_with_the_ca_bundle_loaded() -> None:
    upload = _tls_for("https://upload.box.com/api/2.0")
    assert (upload.verify_mode, upload.check_hostname) == (ssl.CERT_REQUIRED, True)
    assert upload.cert_store_stats()["x509_ca"] > 0
    assert _tls_for("https://api.box.com/2.0") is upload


def test_a_plain_http_host_loads_no_ca_and_its_context_would_refuse_every_certificate() -> None:
    plain = _tls_for("http://127.0.0.1:8080/api/2.0")
    assert (plain.verify_mode, plain.check_hostname) == (ssl.CERT_REQUIRED, True)
    assert plain.cert_store_stats()["x509_ca"] == 0


def test_each_pool_is_built_with_the_context_of_its_own_host() -> None:
    api = Api(Endpoints(), httpx.BasicAuth("u", "p"), timeout=httpx.Timeout(5), max_connections=2)
    secure = api.client("https://upload.box.com/api/2.0").get_async_httpx_client()
    plain = api.client("http://127.0.0.1:8080/api/2.0").get_async_httpx_client()
    pools = [client._transport._inner._pool for client in (secure, plain)]  # type: ignore[attr-defined]
    assert [pool._ssl_context.cert_store_stats()["x509_ca"] > 0 for pool in pools] == [True, False]
