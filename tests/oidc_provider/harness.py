"""Start the test OpenID provider once per test session and talk to its control endpoint.

The port is `STORYWERK_TEST_OIDC_PORT` when set (a developer's reserved port), else one the
operating system hands out, so two test runs side by side (CI's SQLite and PostgreSQL passes)
never collide.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

REPOSITORY = Path(__file__).resolve().parents[2]
CLIENT_ID = "storywerk-tests"
CLIENT_SECRET = "storywerk-tests-secret"  # noqa: S105
PASSWORD = "provider-password"  # noqa: S105


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _private_key_pem():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


class TestProvider:
    """A running provider: its addresses, and set-up of clients and people."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    def __init__(self, base_url, control_token):
        self.base_url = base_url
        self.issuer = f"{base_url}/o"
        self._headers = {"X-Control-Token": control_token}

    def register_client(self, redirect_uris, post_logout_redirect_uris):
        response = requests.post(
            f"{self.base_url}/control/client/",
            json={
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": redirect_uris,
                "post_logout_redirect_uris": post_logout_redirect_uris,
            },
            headers=self._headers,
            timeout=10,
        )
        response.raise_for_status()

    def person(self, username, claims, quirk="", active=True):
        """Create or update someone at the provider; returns their subject (`sub`)."""
        response = requests.post(
            f"{self.base_url}/control/person/",
            json={
                "username": username,
                "password": PASSWORD,
                "claims": claims,
                "quirk": quirk,
                "active": active,
            },
            headers=self._headers,
            timeout=10,
        )
        response.raise_for_status()
        return response.json()["sub"]


def start_provider(workdir):
    """Migrate the provider's database, start it, wait until discovery answers."""
    port = int(os.environ.get("STORYWERK_TEST_OIDC_PORT") or _free_port())
    control_token = secrets.token_urlsafe(16)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "TEST_PROVIDER_DB": str(Path(workdir) / "provider.sqlite3"),
        "TEST_PROVIDER_RSA_KEY": _private_key_pem(),
        "TEST_PROVIDER_CONTROL_TOKEN": control_token,
        "PYTHONPATH": str(REPOSITORY),
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "-v", "0"], env=env, cwd=REPOSITORY, check=True
    )
    log = open(Path(workdir) / "provider.log", "w")  # noqa: SIM115 (closed in stop_provider)
    process = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=REPOSITORY,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    provider = TestProvider(f"http://127.0.0.1:{port}", control_token)
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=2).ok:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log.close()
            output = (Path(workdir) / "provider.log").read_text()
            raise RuntimeError(f"the test OpenID provider did not start:\n{output}")
        time.sleep(0.2)
    provider.process = process
    provider.log = log
    return provider


def stop_provider(provider):
    provider.process.terminate()
    try:
        provider.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        provider.process.kill()
    provider.log.close()


def sign_in_at_provider(authorize_url, username, password=PASSWORD):
    """Play the browser at the provider: log in, let it authorise; returns the callback URL."""
    session = requests.Session()
    login_page = session.get(authorize_url, timeout=10)
    next_url = parse_qs(urlsplit(login_page.url).query)["next"][0]
    response = session.post(
        login_page.url,
        data={
            "username": username,
            "password": password,
            "next": next_url,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": login_page.url},
        allow_redirects=False,
        timeout=10,
    )
    authorize = urljoin(login_page.url, response.headers["Location"])
    response = session.get(authorize, allow_redirects=False, timeout=10)
    return response.headers["Location"]
