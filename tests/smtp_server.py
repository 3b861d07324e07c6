"""A real SMTP server on loopback for the e-mail tests: aiosmtpd, optionally with STARTTLS or SSL
(certificates from a throw-away CA made by ``trustme``) and authentication."""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)


@dataclass
class _Recorder:
    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content
                                      or envelope.content))
        return "250 Message accepted for delivery"


class SmtpTestServer:
    """``security``: ``none``, ``starttls`` (required) or ``ssl``; ``user``/``password`` require AUTH."""

    def __init__(self, tmp: Path, *, security: str = "none", user: str = "", password: str = "",
                 port: int | None = None):
        self.security, self.user, self.password = security, user, password
        self.port = port or free_port()
        self.recorder = _Recorder()
        self.ca_file = ""
        kwargs: dict = {}
        if security != "none":
            import trustme

            ca = trustme.CA()
            cert = ca.issue_cert("127.0.0.1", "localhost")
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            cert.configure_cert(ctx)
            self.ca_file = str(tmp / "smtp-ca.pem")
            ca.cert_pem.write_to_path(self.ca_file)
            if security == "ssl":
                kwargs["ssl_context"] = ctx
            else:
                kwargs.update(tls_context=ctx, require_starttls=True)
        if user:
            kwargs.update(authenticator=self._authenticate, auth_required=True, auth_require_tls=security == "starttls")  # SMTPS: TLS from the first byte
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port,
                                     server_hostname="localhost", **kwargs)

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == self.user
              and auth_data.password.decode() == self.password)
        return AuthResult(success=ok, handled=False)

    @property
    def received(self) -> list[Received]:
        return self.recorder.received

    def env(self) -> dict[str, str]:
        """The DUKUNG_MAIL__* settings that point Dukung at this server."""
        env = {"DUKUNG_MAIL__TRANSPORT": "smtp", "DUKUNG_MAIL__HOST": "127.0.0.1",
               "DUKUNG_MAIL__PORT": str(self.port), "DUKUNG_MAIL__SECURITY": self.security,
               "DUKUNG_MAIL__TIMEOUT_S": "10"}
        if self.ca_file:
            env["DUKUNG_MAIL__CA_FILE"] = self.ca_file
        if self.user:
            env.update(DUKUNG_MAIL__USERNAME=self.user, DUKUNG_MAIL__PASSWORD=self.password)
        return env

    def start(self) -> "SmtpTestServer":
        if self.security == "ssl":
            # the controller's readiness probe speaks plain SMTP; for SMTPS, wait for the port instead
            self.controller.ready_timeout = 10
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def __enter__(self) -> "SmtpTestServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
