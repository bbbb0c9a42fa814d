"""irctest controller for the "sockets" chat server (`./sockets chat server`).

Used by run.sh, which puts this directory on PYTHONPATH and passes
``--controller sockets_controller`` to pytest (run from the irctest checkout,
so that ``irctest.*`` is importable).

The server is started as::

    $SOCKETS_BIN chat server --bind HOST --port PORT --name My.Little.Server \
        --flood-rate 0 --grace 0s --operators DIR/operators --server-info "test server" \
        --utf8-only [--password P] [--motd FILE]

The operators file is a real one, as an administrator writes it: irctest's operator
``operuser`` with the password ``operpassword``, hashed the way
``sockets chat server hash-password`` does (PBKDF2-HMAC-SHA256, salt and iterations
in the string), so the OPER, KILL and WALLOPS tests authenticate for real.

SOCKETS_BIN defaults to ./sockets (run.sh sets it to the project root's launcher).  Extra options can be appended
with SOCKETS_EXTRA_ARGS (split on whitespace).

Accounts are the server's own (no separate services process, as with ergo):
each test's server keeps them in its own --data-dir under the test directory,
and registerUser creates one the way a user does, with REGISTER (IRCv3
draft/account-registration) on a connection of its own, or, for a password
too long for one IRC line, the way the operator does, with
`sockets chat account add NAME --data-dir DIR` and the password on stdin.
SASL PLAIN and EXTERNAL are offered; --account-registration follows the
test's configuration (after-connect, or before-connect).

What the server lacks is declared the irctest way, so those tests are
skipped rather than failed: no SCRAM, no STS, no e-mail verification of
accounts, no optional behaviours, no websocket, no faketime (libfaketime
under a JVM is not worth the risk; so ELIST offers no C or T, whose irctest
tests need it). IRCv3 capability tests run when the server offers the
capability in CAP LS (irctest asks the server itself).

``--utf8-only`` is the server's own option for refusing lines that are not
UTF-8 (005 UTF8ONLY), which irctest's utf8 tests check.

What the server has is declared the irctest way too: the mute extban ``m:``
(005 EXTBAN=,m) and, for isupport.testValues, 005 values the server really
sends.
"""

import base64
import hashlib
import os
import shlex
import subprocess
from typing import Optional, Set, Type

from irctest import patma
from irctest.basecontrollers import BaseServerController, DirectoryBasedController
from irctest.runner import NotImplementedByController

SOCKETS_BIN = os.environ.get("SOCKETS_BIN", "./sockets")

# irctest's operator (see its other controllers: ergo, unrealircd, ...).
OPER_NAME = "operuser"
OPER_PASSWORD = "operpassword"
_operator_line = None


def operator_line() -> str:
    """`NAME HASH` in the format of `sockets chat server hash-password NAME` (computed once)."""
    global _operator_line
    if _operator_line is None:
        iterations = 200000
        salt = os.urandom(16)
        digest = hashlib.pbkdf2_hmac("sha256", OPER_PASSWORD.encode(), salt, iterations)

        def b64(b: bytes) -> str:
            return base64.b64encode(b).decode().rstrip("=")

        _operator_line = f"{OPER_NAME} pbkdf2-sha256${iterations}${b64(salt)}${b64(digest)}"
    return _operator_line


class SocketsController(BaseServerController, DirectoryBasedController):
    software_name = "sockets"
    supported_sasl_mechanisms: Set[str] = {"PLAIN", "EXTERNAL"}
    supports_sts = False
    # optional_behaviors keeps the (empty) default of _BaseController;
    # which capability tests run follows the server's own CAP LS.
    extban_mute_char = "m"
    # What 005 says (isupport.testValues checks each).
    isupport = {
        "BOT": "B",
        "CASEMAPPING": "rfc1459",
        "CHANMODES": "beI,k,l,Cimnst",
        "CHANTYPES": "#",
        "ELIST": "MNU",
        "EXCEPTS": "e",
        "EXTBAN": ",m",
        "INVEX": "I",
        "MONITOR": "100",
        "PREFIX": "(ov)@+",
        "SAFELIST": None,
        "STATUSMSG": "@+",
        "TARGMAX": patma.ANYSTR,
        "UTF8ONLY": None,
        "WHOX": None,
    }

    def create_config(self) -> None:
        super().create_config()

    def run(
        self,
        hostname: str,
        port: int,
        *,
        password: Optional[str],
        ssl: bool,
        run_services: bool,
        faketime: Optional[str],
        websocket_hostname: Optional[str],
        websocket_port: Optional[int],
    ) -> None:
        if websocket_hostname is not None or websocket_port is not None:
            raise NotImplementedByController("Websocket")
        if self.test_config.account_registration_requires_email:
            raise NotImplementedByController("e-mail verification of accounts")
        assert self.proc is None
        self.port = port
        self.hostname = hostname
        self.create_config()
        assert self.directory
        operators = os.path.join(str(self.directory), "operators")
        with open(operators, "w") as f:
            f.write(operator_line() + "\n")

        args = [
            SOCKETS_BIN,
            "chat",
            "server",
            "--bind",
            hostname,
            "--name",
            "My.Little.Server",
            "--flood-rate",
            "0",
            # irctest kills the server with clients still connected; without
            # this every teardown waits for the default 5s grace period.
            "--grace",
            "0s",
            "--operators",
            operators,
            # The description other controllers give their servers (irctest's LINKS test checks it).
            "--server-info",
            "test server",
            # Accounts and registered channels live here, one database per test's server.
            "--data-dir",
            self.data_dir(),
            "--account-registration",
            "before-connect"
            if self.test_config.account_registration_before_connect
            else "after-connect",
            # Lines that are not UTF-8 are refused (FAIL ... INVALID_UTF8), as 005 UTF8ONLY promises.
            "--utf8-only",
        ]
        if ssl:
            # The server has a separate TLS listener: put it on the port the
            # test connects to, and the plain listener on a spare port.
            self.gen_ssl()
            (_, plain_port) = self.get_hostname_and_port()
            args += [
                "--port",
                str(plain_port),
                "--tls-port",
                str(port),
                "--tls-cert",
                str(self.pem_path),
                "--tls-key",
                str(self.key_path),
            ]
        else:
            args += ["--port", str(port)]
        if password:
            args += ["--password", password]
        args += shlex.split(os.environ.get("SOCKETS_EXTRA_ARGS", ""))

        # faketime is deliberately not supported (self.faketime_enabled stays
        # False), so tests relying on it fall back or skip.
        self.proc = self.execute(args, proc_name="sockets")


    def wait_for_services(self) -> None:
        # Accounts are part of the server: nothing else to wait for once its port is open.
        pass

    def data_dir(self) -> str:
        assert self.directory
        return os.path.join(str(self.directory), "data")

    def registerUser(self, case, username: str, password: Optional[str] = None) -> None:
        assert password
        line = f"REGISTER * * :{password}"
        if len(line.encode()) + len(username) > 400 or len(password.encode()) < 6:
            # Too long for one IRC line, or shorter than REGISTER accepts from users: as the operator does.
            done = subprocess.run(
                [SOCKETS_BIN, "chat", "account", "add", username, "--data-dir", self.data_dir()],
                input=(password + "\n").encode(),
                capture_output=True,
                timeout=60,
            )
            assert done.returncode == 0, done.stderr.decode(errors="replace")
            return
        client = case.addClient(show_io=False)
        case.sendLine(client, "CAP LS 302")
        case.sendLine(client, "NICK " + username)
        case.sendLine(client, "USER r e g :user")
        case.sendLine(client, "CAP END")
        while case.getRegistrationMessage(client).command != "001":
            pass
        case.getMessages(client)
        case.sendLine(client, line)
        msgs = case.getMessages(client)
        assert any(
            m.command == "REGISTER" and m.params[:1] == ["SUCCESS"] for m in msgs
        ), msgs
        case.sendLine(client, "QUIT")
        case.assertDisconnected(client)


def get_irctest_controller_class() -> Type[SocketsController]:
    return SocketsController
