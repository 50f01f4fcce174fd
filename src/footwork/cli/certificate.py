"""The self-signed certificate of ``footwork serve --https``: made on first use in the data
folder, reused after, made anew only when it no longer fits (expired or about to, another
address needed, its key lost or not its own).

A phone's browser lets a page use the camera only in a secure context (HTTPS, or the
computer's own ``localhost``). On a home network there is no certificate authority to vouch for
the computer, so footwork signs its own certificate: the browser warns about it once, the
person compares its SHA-256 fingerprint with the one ``footwork serve`` prints, and accepts it.
The private key never leaves the data folder and only this user may read it (mode 0600).
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from footwork.errors import InvalidInput

CERT_FILE = "https-certificate.pem"
KEY_FILE = "https-key.pem"
# Apple's devices refuse a server certificate valid for more than 825 days, and browsers warn
# about long ones: a year, made anew by itself when it runs out.
VALID_DAYS = 397
RENEW_BEFORE = timedelta(days=14)
ALWAYS = ("localhost", "127.0.0.1", "::1")  # this computer's own names
# An address no packet goes to: "connecting" a UDP socket to it sends nothing, but asks the
# system which of this computer's addresses it would use to reach the network.
_PROBE = ("192.0.2.1", 9)  # TEST-NET-1 (RFC 5737)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Certificate:
    cert_path: Path
    key_path: Path
    fingerprint: str  # SHA-256 of the certificate, "AB:CD:..." as browsers show it
    names: tuple[str, ...]  # the host names and addresses it is valid for
    not_after: datetime
    made: bool  # made now (False: the one from before, reused)
    why_new: str | None = None  # why an earlier certificate was replaced


def lan_addresses() -> list[str]:
    """This computer's addresses on its networks (not loopback or link-local), best first:
    the one it reaches the network through, then the others its host name has."""
    found: list[str] = []
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(_PROBE)  # UDP: chooses a route, sends nothing
        found.append(s.getsockname()[0])
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, proto=socket.IPPROTO_TCP):
            found.append(str(info[4][0]).split("%")[0])
    return [a for a in dict.fromkeys(found) if _on_a_network(a)]


def _on_a_network(text: str) -> bool:
    address = _address(text)
    return address is not None and not (
        address.is_loopback or address.is_link_local or address.is_unspecified
        or address.is_multicast
    )  # fmt: skip


def _address(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return None


def names_for(host: str) -> list[str]:
    """The names a certificate for a server listening on ``host`` must carry: this computer's
    own, and the address people open: ``host`` itself, or for all addresses (0.0.0.0, ::) the
    computer's network addresses."""
    names = list(ALWAYS)
    address = _address(host)
    if address is not None and address.is_unspecified:
        names += lan_addresses()
    elif host:
        names.append(str(address) if address is not None else host.lower())
    return list(dict.fromkeys(names))


def local_certificate(
    folder: Path, names: Iterable[str], now: datetime | None = None
) -> Certificate:
    """The certificate for ``names`` in ``folder``: the one there if it still fits, else a new
    one (key first, readable by this user only)."""
    wanted = list(dict.fromkeys(names))
    now = now or datetime.now(UTC)
    cert_path, key_path = folder / CERT_FILE, folder / KEY_FILE
    why_new: str | None = None
    if cert_path.exists() or key_path.exists():
        why_new = _unfit(cert_path, key_path, wanted, now)
        if why_new is None:
            _private(key_path)
            return _described(cert_path, key_path, made=False)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write_new(cert_path, key_path, wanted, now)
    except OSError as exc:
        raise InvalidInput(
            f"footwork cannot write its HTTPS certificate in {folder}: {exc.strerror or exc}.",
            hint="Let this user write to that folder, or point FOOTWORK_HOME at a folder "
            "this user can write to.",
        ) from None
    return _described(cert_path, key_path, made=True, why_new=why_new)


def _unfit(cert_path: Path, key_path: Path, wanted: list[str], now: datetime) -> str | None:
    """Why the certificate in the folder cannot be used (None: it can)."""
    try:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    except FileNotFoundError as exc:
        return f"{Path(str(exc.filename)).name} was missing"
    except PermissionError as exc:
        raise InvalidInput(
            f"footwork cannot read its HTTPS certificate or key in {cert_path.parent}: "
            f"{exc.strerror}.",
            hint="Run footwork as the user who owns its data folder.",
        ) from None
    except (ValueError, TypeError):
        return "the certificate or its key could not be read"
    if key.public_key() != cert.public_key():
        return "the key did not belong to the certificate"
    if cert.not_valid_after_utc - RENEW_BEFORE < now:
        return f"it ran out on {cert.not_valid_after_utc:%Y-%m-%d}"
    missing = [n for n in wanted if n not in _names(cert)]
    if missing:
        return f"it was not made for {', '.join(missing)}"
    return None


def _names(cert: x509.Certificate) -> list[str]:
    try:
        alt = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    return [*alt.get_values_for_type(x509.DNSName),
            *(str(a) for a in alt.get_values_for_type(x509.IPAddress))]  # fmt: skip


def _write_new(cert_path: Path, key_path: Path, names: list[str], now: datetime) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "footwork on this computer"),
        x509.NameAttribute(NameOID.COMMON_NAME, names[0]),
    ])  # fmt: skip
    alt: list[x509.GeneralName] = []
    for name in names:
        address = _address(name)
        alt.append(x509.IPAddress(address) if address is not None else x509.DNSName(name))
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName(alt), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_encipherment=False,
                content_commitment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())  # fmt: skip
    _write(key_path, key_pem, 0o600)
    _write(cert_path, cert.public_bytes(serialization.Encoding.PEM), 0o644)


def _write(path: Path, data: bytes, mode: int) -> None:
    """Write ``data`` to ``path`` through a new file of that mode, then put it in place (the
    key is never readable by others, not even for a moment)."""
    part = path.with_name(path.name + ".part")
    with contextlib.suppress(FileNotFoundError):
        part.unlink()
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(part, mode)  # whatever the umask took away or left
        os.replace(part, path)
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink()
        raise


def _private(key_path: Path) -> None:
    """Make a reused key readable by this user only again, should its mode have widened."""
    if key_path.stat().st_mode & 0o077:
        os.chmod(key_path, 0o600)


def _described(
    cert_path: Path, key_path: Path, made: bool, why_new: str | None = None
) -> Certificate:
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    digest = cert.fingerprint(hashes.SHA256()).hex().upper()
    fingerprint = ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))
    return Certificate(cert_path, key_path, fingerprint, tuple(_names(cert)),
                       cert.not_valid_after_utc, made, why_new)  # fmt: skip
