"""A throw-away CA and a server certificate for Box's host names, so unmodified clients can reach the emulator
over HTTPS at ``https://api.box.com`` and ``https://upload.box.com`` (inside a network namespace, see netns.py).

Made at start with ``cryptography``: the CA key lives only in memory and is never written, so nothing outside the
run can sign with it. The server certificate carries the extensions strict verifiers (Go's crypto/x509, Python 3.13's
VERIFY_X509_STRICT) insist on: subject alternative names, key identifiers, key usage, serverAuth.
"""

from __future__ import annotations

import datetime
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

# The names clients hard-code, the upload hosts Box hands out in session_endpoints (upload.app.box.com,
# upload-las.app.box.com), and loopback, so the admin handle can verify the same certificate.
BOX_NAMES = ("api.box.com", "upload.box.com", "*.box.com", "*.app.box.com", "localhost")
LOOPBACK = ("127.0.0.1", "::1")
LIFETIME = datetime.timedelta(days=2)


@dataclass(frozen=True)
class TlsFiles:
    ca: Path  # the CA certificate clients trust (SSL_CERT_FILE, REQUESTS_CA_BUNDLE)
    cert: Path  # the server certificate
    key: Path  # its private key (0600)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make(directory: Path, names: tuple[str, ...] = BOX_NAMES) -> TlsFiles:
    """A fresh CA and a certificate for ``names`` (and loopback) signed by it, written into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    start, end = now - datetime.timedelta(minutes=5), now + LIFETIME
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("fakebox throw-away CA")
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(cert_sign=True), critical=True)
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    alt = [x509.DNSName(n) for n in names] + [x509.IPAddress(ipaddress.ip_address(a)) for a in LOOPBACK]
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(names[0]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(alt), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    files = TlsFiles(directory / "ca.pem", directory / "cert.pem", directory / "key.pem")
    files.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files.key.touch(mode=0o600)
    files.key.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return files


def load(directory: Path) -> TlsFiles:
    """The files ``make`` wrote into ``directory``, made there first if they are not."""
    files = TlsFiles(directory / "ca.pem", directory / "cert.pem", directory / "key.pem")
    if all(p.exists() for p in (files.ca, files.cert, files.key)):
        return files
    return make(directory)


def _usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )
