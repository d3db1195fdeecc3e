"""Real receivers for the notices: an SMTP server (aiosmtpd) that requires STARTTLS and a login,
with a throw-away certificate the client trusts through SMTP_CA_FILE, and an aiohttp webhook
receiver whose answers each test scripts (e.g. 500 then 200)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ipaddress
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from bot.app import init_app
from bot.notify.config import NotifyConfig
from bot.settings import Settings
from tests.bot.fakes import FakeRasa

SMTP_USER = "pivot-notices"
SMTP_PASSWORD = "s3cret-for-tests"  # noqa: S105


def _self_signed(tmp: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "smtp.crt", tmp / "smtp.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


@dataclass
class Mailbox:
    host: str
    port: int
    ca_file: str
    messages: list[Message] = field(default_factory=list)
    envelopes: list[Any] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    tls_sessions: list[bool] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd API)
        self.envelopes.append(envelope)
        self.tls_sessions.append(session.ssl is not None)
        self.messages.append(message_from_bytes(envelope.original_content or envelope.content))
        return "250 OK"


def start_mailbox(tmp_path: Path, port: int) -> tuple[Mailbox, Controller]:
    """A real SMTP server on 127.0.0.1:`port` (its own thread) that requires STARTTLS and the login
    SMTP_USER / SMTP_PASSWORD; stop it with `controller.stop()`."""
    cert, key = _self_signed(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    box = Mailbox("127.0.0.1", port, str(cert))

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and data.login.decode() == SMTP_USER
            and data.password.decode() == SMTP_PASSWORD
        )
        if ok:
            box.logins.append(data.login.decode())
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself

    controller = Controller(
        box,
        hostname="127.0.0.1",
        port=port,
        tls_context=server_tls,
        require_starttls=True,
        auth_required=True,
        auth_require_tls=True,
        authenticator=authenticator,
        server_hostname="localhost",
    )
    controller.start()
    return box, controller


@pytest.fixture
def mailbox(tmp_path: Path, unused_tcp_port_factory: Any):
    box, controller = start_mailbox(tmp_path, unused_tcp_port_factory())
    yield box
    controller.stop()


@dataclass
class Receiver:
    """A webhook endpoint; `statuses` are answered in order (then 200)."""

    url: str = ""
    calls: list[dict[str, Any]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: web.Request) -> web.Response:
        self.calls.append({"path": request.path, "json": await request.json()})
        with contextlib.suppress(RuntimeError):  # served from another thread's loop: nobody awaits it
            self.arrived.set()
        status = self.statuses.pop(0) if self.statuses else 200
        return web.Response(status=status, text="ok" if status == 200 else "boom")


def receiver_app(r: Receiver) -> web.Application:
    app = web.Application()
    app.router.add_post("/hooks/{name}", r.handle)
    return app


@contextlib.contextmanager
def receiver_in_thread(port: int) -> Iterator[Receiver]:
    """The same receiver on 127.0.0.1:`port` in a thread of its own, for tests that are not async (the
    end-to-end suites, whose gateway is another process)."""
    r = Receiver(url=f"http://127.0.0.1:{port}/hooks")
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(receiver_app(r))
    started = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, name="webhook-receiver", daemon=True)
    thread.start()
    started.wait(10)
    try:
        yield r
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


@pytest.fixture
async def receiver(aiohttp_server: Any) -> Receiver:
    r = Receiver()
    server = await aiohttp_server(receiver_app(r))
    r.url = str(server.make_url("/hooks/")).rstrip("/")
    return r


async def wait_for(predicate: Any, timeout: float = 5.0) -> float:
    """Seconds until `predicate()` held; fails the test after `timeout`."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    while not predicate():
        if loop.time() - start > timeout:
            raise AssertionError(f"not within {timeout} s")
        await asyncio.sleep(0.02)
    return loop.time() - start


class HandoffRasa(FakeRasa):
    """FakeRasa plus what the hand-off needs: `POST /conversations/{id}/tracker/events` (the
    counselor's release resets the slot) and a reply carrying `contact_email` for a typed address."""

    def __init__(self) -> None:
        super().__init__()
        self.posted_events: list[dict[str, Any]] = []
        # Answers to the hand-back's event posts, in order (then 200): e.g. [503, 503] while Rasa is down.
        self.events_statuses: list[int] = []

    # the base fake's route, with injected failures
    async def events(self, request: web.Request) -> web.Response:
        if request.query.get("token") != self.token:
            return web.json_response({"status": "failure", "reason": "NotAuthenticated"}, status=401)
        if self.events_statuses and (status := self.events_statuses.pop(0)) != 200:
            return web.json_response({"status": "failure", "reason": "unavailable"}, status=status)
        self.posted_events.append({"sender": request.match_info["sender"], "events": await request.json()})
        return web.json_response({"sender_id": request.match_info["sender"], "events": []})

    @staticmethod
    def reply(sender: str, message: str) -> list[dict[str, Any]]:
        if "@" in message:
            address = next(w for w in message.split() if "@" in w)
            return [
                {"recipient_id": sender, "text": f"Thanks, the counselor will reply to {address}."},
                {
                    "recipient_id": sender,
                    "custom": {"event": "contact_email", "email": address, "consent": "reply by email"},
                },
            ]
        return FakeRasa.reply(sender, message)


@pytest.fixture
async def fake_rasa(aiohttp_server: Any) -> HandoffRasa:
    rasa = HandoffRasa()
    server = await aiohttp_server(rasa.app())
    rasa.url = str(server.make_url("")).rstrip("/")
    return rasa


PUBLIC_URL = "https://pivot.example.org"
# The tests talk as an integration with its key (`api:` ids need one); the widget's `web:` ids still go by
# their token from an allowed Origin, as the widget does.
API_KEY = "notify-tests-key-0123456789"


@pytest.fixture
def sites_file(tmp_path: Path, receiver: Receiver) -> Path:
    path = tmp_path / "sites.yml"
    path.write_text(
        f"""
sites:
  college.example:
    name: Riverside College careers
    timezone: America/New_York
    hours: {{mon-fri: "09:00-17:00"}}
    reply_within: two working hours
    email: [careers@college.example]
    webhook: {receiver.url}/college
  email-only.example:
    name: Lakeside Workforce Board
    email: advisers@lakeside.example
  teams.example:
    name: Hill County jobs centre
    webhook: {receiver.url}/teams
    webhook_format: teams
""",
        encoding="utf-8",
    )
    return path


def notify_env(sites_file: Path, mailbox: Mailbox, **overrides: str) -> dict[str, str]:
    env = {
        "SITES_CONFIG": str(sites_file),
        "SMTP_HOST": mailbox.host,
        "SMTP_PORT": str(mailbox.port),
        "SMTP_USERNAME": SMTP_USER,
        "SMTP_PASSWORD": SMTP_PASSWORD,
        "SMTP_TLS": "starttls",
        "SMTP_FROM": "Pivot <notices@pivot.example.org>",
        "SMTP_CA_FILE": mailbox.ca_file,
    }
    env.update(overrides)
    return env


def stack_settings(
    gateway_settings: Settings, sites_file: Path, mailbox: Mailbox, **changes: Any
) -> Settings:
    return gateway_settings.replace(
        public_url=PUBLIC_URL,
        allowed_origins=(PUBLIC_URL,),
        api_keys=(API_KEY,),
        notify=NotifyConfig.from_env(notify_env(sites_file, mailbox)),
        **changes,
    )


async def start_stack(aiohttp_client: Any, settings: Settings) -> Any:
    """A test client of the gateway, talking as an integration with its key."""
    return await aiohttp_client(await init_app(settings), headers={"X-API-Key": API_KEY})


@pytest.fixture
async def stack(aiohttp_client: Any, gateway_settings: Settings, sites_file: Path, mailbox: Mailbox) -> Any:
    """The gateway (`init_app`) with notices configured, on the fake Rasa above."""
    return await start_stack(aiohttp_client, stack_settings(gateway_settings, sites_file, mailbox))
