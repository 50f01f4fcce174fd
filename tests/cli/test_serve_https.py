"""footwork serve --https: a self-signed certificate made once in the data folder (key readable
by this user only), valid for this computer's names and the address served, reused after; a
real server answering over TLS; cookies marked Secure; the network rule unchanged."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import os
import re
import ssl
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx2 as httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from fastapi import FastAPI, Response
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from footwork.cli.certificate import (
    CERT_FILE,
    KEY_FILE,
    lan_addresses,
    local_certificate,
    names_for,
)
from footwork.cli.main import build_app
from footwork.cli.serve import NETWORK_FLAG, free_port
from footwork.errors import InvalidInput
from footwork.web.security import SecureCookiesMiddleware

START_TIMEOUT_S = 60.0


def san(path: Path) -> tuple[list[str], list[str]]:
    """The DNS names and IP addresses a certificate file is valid for."""
    cert = x509.load_pem_x509_certificate(path.read_bytes())
    alt = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    ips = [str(a) for a in alt.get_values_for_type(x509.IPAddress)]
    return alt.get_values_for_type(x509.DNSName), ips


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


# The certificate ------------------------------------------------------------------------------


def test_the_certificate_is_made_once_with_a_private_key_and_reused(tmp_path: Path):
    folder = tmp_path / "home"  # does not exist yet: made with the certificate
    first = local_certificate(folder, names_for("127.0.0.1"))
    assert first.made and first.why_new is None
    assert mode(folder / KEY_FILE) == 0o600
    assert mode(folder / CERT_FILE) == 0o644
    assert first.cert_path == folder / CERT_FILE and first.key_path == folder / KEY_FILE
    cert_bytes, key_bytes = first.cert_path.read_bytes(), first.key_path.read_bytes()

    again = local_certificate(folder, names_for("localhost"))
    assert not again.made
    assert again.fingerprint == first.fingerprint
    assert first.cert_path.read_bytes() == cert_bytes
    assert first.key_path.read_bytes() == key_bytes


def test_the_fingerprint_is_the_certificates_sha256(tmp_path: Path):
    made = local_certificate(tmp_path, names_for("127.0.0.1"))
    cert = x509.load_pem_x509_certificate(made.cert_path.read_bytes())
    assert made.fingerprint.replace(":", "") == cert.fingerprint(hashes.SHA256()).hex().upper()
    assert re.fullmatch(r"([0-9A-F]{2}:){31}[0-9A-F]{2}", made.fingerprint)


def test_it_is_valid_for_this_computer_and_the_address_served(tmp_path: Path):
    made = local_certificate(tmp_path, names_for("192.168.1.20"))
    dns, ips = san(made.cert_path)
    assert dns == ["localhost"]
    assert set(ips) == {"127.0.0.1", "::1", "192.168.1.20"}
    cert = x509.load_pem_x509_certificate(made.cert_path.read_bytes())
    constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    assert constraints.ca is False  # a server's certificate, not an authority
    days = (cert.not_valid_after_utc - cert.not_valid_before_utc).days
    assert 365 <= days <= 825  # Apple's devices refuse longer ones


def test_on_all_addresses_it_carries_the_computers_network_addresses(tmp_path: Path):
    wanted = names_for("0.0.0.0")
    assert wanted[:3] == ["localhost", "127.0.0.1", "::1"]
    assert wanted[3:] == lan_addresses()
    for address in wanted[3:]:
        ip = ipaddress.ip_address(address)
        assert not (ip.is_loopback or ip.is_link_local or ip.is_unspecified)
    made = local_certificate(tmp_path, wanted)
    _, ips = san(made.cert_path)
    assert set(lan_addresses()) <= set(ips)


def test_a_name_the_certificate_lacks_makes_a_new_one_that_says_why(tmp_path: Path):
    old = local_certificate(tmp_path, names_for("127.0.0.1"))
    new = local_certificate(tmp_path, names_for("10.1.2.3"))
    assert new.made and new.fingerprint != old.fingerprint
    assert new.why_new is not None and "10.1.2.3" in new.why_new
    assert "10.1.2.3" in san(new.cert_path)[1]
    # the new one covers this computer's names too: serving on 127.0.0.1 again reuses it
    assert not local_certificate(tmp_path, names_for("127.0.0.1")).made


def test_a_certificate_about_to_run_out_is_made_anew(tmp_path: Path):
    old = local_certificate(tmp_path, names_for("127.0.0.1"))
    later = datetime.now(UTC) + timedelta(days=390)
    new = local_certificate(tmp_path, names_for("127.0.0.1"), now=later)
    assert new.made and new.fingerprint != old.fingerprint
    assert new.why_new is not None and "ran out" in new.why_new


def test_a_key_that_is_not_the_certificates_or_is_damaged_is_replaced(tmp_path: Path):
    local_certificate(tmp_path / "a", names_for("127.0.0.1"))
    local_certificate(tmp_path / "b", names_for("127.0.0.1"))
    (tmp_path / "b" / KEY_FILE).write_bytes((tmp_path / "a" / KEY_FILE).read_bytes())
    swapped = local_certificate(tmp_path / "b", names_for("127.0.0.1"))
    assert swapped.made and "key did not belong" in str(swapped.why_new)
    (tmp_path / "b" / CERT_FILE).write_text("not a certificate")
    damaged = local_certificate(tmp_path / "b", names_for("127.0.0.1"))
    assert damaged.made and "could not be read" in str(damaged.why_new)
    assert mode(tmp_path / "b" / KEY_FILE) == 0o600


def test_a_reused_key_readable_by_others_is_made_private_again(tmp_path: Path):
    local_certificate(tmp_path, names_for("127.0.0.1"))
    os.chmod(tmp_path / KEY_FILE, 0o644)
    assert not local_certificate(tmp_path, names_for("127.0.0.1")).made
    assert mode(tmp_path / KEY_FILE) == 0o600


def test_a_folder_that_cannot_be_written_gives_a_clear_message(tmp_path: Path):
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder")
    with pytest.raises(InvalidInput) as refused:
        local_certificate(in_the_way / "home", names_for("127.0.0.1"))
    assert "cannot write its HTTPS certificate" in refused.value.message
    assert str(in_the_way / "home") in refused.value.message
    assert "FOOTWORK_HOME" in (refused.value.hint or "")


def test_serve_https_says_so_when_the_data_folder_cannot_be_written(tmp_path: Path):
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder")
    result = CliRunner(env={"FOOTWORK_HOME": str(in_the_way / "home")}).invoke(
        build_app(), ["serve", "--https", "--no-browser"]
    )
    said = " ".join((result.stdout + result.stderr).split())
    assert result.exit_code == 2, said
    assert "cannot write its HTTPS certificate" in said and "Traceback" not in said


def test_https_on_the_network_still_needs_team_mode_or_the_explicit_flag(footwork_home: Path):
    result = CliRunner().invoke(build_app(), ["serve", "--https", "--host", "0.0.0.0"])
    said = " ".join((result.stdout + result.stderr).split())
    assert result.exit_code == 2, said
    assert NETWORK_FLAG in said and "--team" in said
    assert not (footwork_home / KEY_FILE).exists()  # refused before anything was made


def test_cookies_are_marked_secure_over_https():
    inner = FastAPI()

    @inner.get("/set")
    def set_cookies(response: Response) -> dict[str, bool]:
        response.set_cookie("plain", "1", samesite="lax")
        response.set_cookie("already", "2", secure=True)
        return {"ok": True}

    with TestClient(SecureCookiesMiddleware(inner)) as client:
        cookies = client.get("/set").headers.get_list("set-cookie")
    assert len(cookies) == 2
    assert all(c.lower().count("; secure") == 1 for c in cookies), cookies


# A real server over TLS ---------------------------------------------------------------------


def start(
    home: Path, *args: str, until: str = "fingerprint"
) -> tuple[subprocess.Popen[str], list[str]]:
    """``footwork serve --https`` with ``args``; its first lines, up to one with ``until``."""
    env = {**os.environ, "FOOTWORK_HOME": str(home)}
    env.pop("FOOTWORK_DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "footwork", "serve", "--no-browser", "--https", *args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )  # fmt: skip
    lines: list[str] = []
    assert proc.stdout is not None
    while not any(until in line for line in lines):
        line = proc.stdout.readline()
        if not line:
            proc.wait(timeout=20)
            raise AssertionError("footwork serve ended: " + "".join(lines))
        lines.append(line)
    return proc, lines


def trusting(cert: Path) -> ssl.SSLContext:
    """A client that trusts this certificate alone (a phone after accepting it)."""
    return ssl.create_default_context(cafile=str(cert))


def get_when_up(url: str, verify: ssl.SSLContext) -> httpx.Response:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            return httpx.get(url, verify=verify, timeout=5)
        except httpx.ConnectError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    proc.wait(timeout=20)
    if proc.stdout is not None:
        proc.stdout.close()


@pytest.mark.slow
def test_the_server_answers_over_tls_with_its_certificate_and_reuses_it(footwork_home: Path):
    port = free_port("127.0.0.1")
    proc, lines = start(footwork_home, "--port", str(port))
    try:
        text = "".join(lines)
        assert f"https://127.0.0.1:{port}/" in text
        fingerprint = re.search(r"fingerprint: ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})", text)
        assert fingerprint, text
        cert = footwork_home / CERT_FILE
        assert "Made a certificate" in text
        verify = trusting(cert)
        for name in ("127.0.0.1", "localhost"):
            page = get_when_up(f"https://{name}:{port}/welcome", verify)
            assert page.status_code == 200 and "Welcome to footwork" in page.text
        seen = x509.load_pem_x509_certificate(
            ssl.get_server_certificate(("127.0.0.1", port)).encode()
        )
        assert seen.fingerprint(hashes.SHA256()).hex().upper() == fingerprint[1].replace(":", "")
        with pytest.raises(httpx.ConnectError):  # a client that trusts only the usual CAs
            httpx.get(f"https://127.0.0.1:{port}/welcome", timeout=5)
        assert_cookie_secure_and_socket_works(port, verify)
    finally:
        stop(proc)

    port = free_port("127.0.0.1")
    proc, lines = start(footwork_home, "--port", str(port))
    try:
        text = "".join(lines)
        assert "Made a certificate" not in text
        assert fingerprint[1] in text  # the same certificate: a phone need not accept it again
        assert get_when_up(f"https://127.0.0.1:{port}/welcome", verify).status_code == 200
    finally:
        stop(proc)


def assert_cookie_secure_and_socket_works(port: int, verify: ssl.SSLContext) -> None:
    origin = f"https://127.0.0.1:{port}"
    with httpx.Client(base_url=origin, verify=verify, timeout=10) as client:
        page = client.get("/people")
        token = re.search(r'name="csrf-token" content="([0-9a-f]+)"', page.text)
        assert token, page.text[:500]
        chosen = client.post(
            "/people/choose", data={"name": "Ana", "csrf_token": token[1]},
            headers={"Origin": origin}, follow_redirects=False,
        )  # fmt: skip
        assert chosen.status_code == 303, chosen.text[:300]
        cookie = chosen.headers["set-cookie"]
        assert "footwork_person=" in cookie and "; Secure" in cookie

    from websockets.asyncio.client import connect

    async def hello_and_ping() -> tuple[dict, dict]:
        url = f"wss://127.0.0.1:{port}/live/socket?exercise=squat"
        async with connect(url, ssl=verify, origin=origin) as ws:
            hello = json.loads(await asyncio.wait_for(ws.recv(), 30))
            await ws.send(json.dumps({"type": "ping"}))
            return hello, json.loads(await asyncio.wait_for(ws.recv(), 30))

    hello, pong = asyncio.run(hello_and_ping())
    assert hello["type"] == "hello" and hello["exercise"] == "squat"
    assert pong == {"type": "pong"}


@pytest.mark.slow
def test_on_the_network_it_prints_the_phone_address_and_answers_only_its_names(
    footwork_home: Path,
):
    port = free_port("127.0.0.1")
    proc, lines = start(footwork_home, "--port", str(port), "--host", "0.0.0.0", NETWORK_FLAG,
                        until="Other devices on your network")  # fmt: skip
    try:
        text = "".join(lines)
        assert f"https://localhost:{port}/" in text  # what the computer's browser opens
        verify = trusting(footwork_home / CERT_FILE)
        assert get_when_up(f"https://localhost:{port}/welcome", verify).status_code == 200
        addresses = lan_addresses()
        if not addresses:
            assert "no network address" in text
        for address in addresses:
            assert f"https://{address}:{port}/" in text
            # what a phone sends, over loopback only (no traffic leaves this computer)
            page = httpx.get(f"https://127.0.0.1:{port}/welcome", verify=verify, timeout=10,
                             headers={"Host": f"{address}:{port}"})  # fmt: skip
            assert page.status_code == 200
        assert "warns" in text and "fingerprint" in text
        # another name for this computer (DNS rebinding): refused even over TLS
        rebound = httpx.get(f"https://127.0.0.1:{port}/welcome", headers={"Host": "evil.example"},
                            verify=verify, timeout=10)  # fmt: skip
        assert rebound.status_code == 400
    finally:
        stop(proc)
