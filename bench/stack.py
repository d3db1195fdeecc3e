"""Starts the real Pivot processes: Rasa server, action server and gateway, for `make bench` and the
end-to-end tests (tests/e2e, tests/scale, tests/reliability and the `stack` fixture in tests/conftest.py).

Nothing here is mocked: the Rasa server loads a model trained with `config.test.yml` (cached by the hash of
its inputs, see scripts/train_if_changed.sh), the action server queries the real knowledge base built by
`make kb`, and the gateway talks to both over HTTP. Each stack gets its own free ports and its own SQLite
files under a temporary directory, so a caller can kill and restart a part without touching the developer's
`var/`. It lives in bench/ because the bench is its first user; tests import it from here (bench never
imports tests).
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"
RASA_PY = ROOT / ".venv-rasa" / "bin" / "python"
APP_PY = ROOT / ".venv-app" / "bin" / "python"


def kb_credential_names() -> set[str]:
    """Every credential name in the knowledge base `make kb` built (what answers may cite)."""
    import sqlite3

    with sqlite3.connect(ROOT / "var" / "knowledge.db") as db:
        return {row[0] for row in db.execute("SELECT name FROM kb_credentials")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_model() -> Path:
    """The small test model, trained on first use and cached afterwards."""
    env_model = os.environ.get("PIVOT_TEST_MODEL")
    if env_model and Path(env_model).exists():
        return Path(env_model)
    cache = Path(os.environ.get("PIVOT_CACHE", Path.home() / ".cache" / "pivot")) / "models"
    inputs = ["config.yml", "domain.yml"]
    for folder in ("data", "nlu"):
        inputs += sorted(
            str(p.relative_to(ROOT))
            for p in (ROOT / folder).rglob("*")
            if p.is_file() and p.suffix in {".yml", ".py", ".txt"} and "__pycache__" not in p.parts
        )
    inputs.append("var/nlu/gazetteer.json")
    out = subprocess.run(
        ["bash", "scripts/train_if_changed.sh", "config.test.yml", str(cache), *inputs],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return Path(out.stdout.strip().splitlines()[-1])


test_model.__test__ = False  # a helper, not a test, wherever a test module imports it


@dataclass
class Stack:
    """One running Pivot: URLs, the files it writes, and handles to stop or restart each part."""

    workdir: Path
    model: Path
    token: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    # the integration key of the stack's API clients (`api:` sender ids need one, issue 12)
    api_key: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    # one per stack, so a restarted gateway (or a second one) accepts the widget tokens issued before
    session_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    rasa_instances: int = 1
    action_servers: int = 1
    endpoints: str = "endpoints.yml"  # endpoints.scaled.yml: PostgreSQL tracker store + Redis lock store
    gateway_port: int = field(default_factory=free_port)
    extra_env: dict[str, str] = field(default_factory=dict)
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rasa_ports = [free_port() for _ in range(self.rasa_instances)]
        self.action_ports = [free_port() for _ in range(self.action_servers)]

    @property
    def rasa_port(self) -> int:
        return self.rasa_ports[0]

    @property
    def actions_port(self) -> int:
        return self.action_ports[0]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def token_file(self) -> Path:
        """Rasa's API and REST-channel token, owner-only (as scripts/rasa_token.sh writes var/rasa_token)."""
        path = self.workdir / "rasa_token"
        if not path.exists() or path.read_text().strip() != self.token:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(self.token + "\n")
            path.chmod(0o600)
        return path

    def api_headers(self) -> dict[str, str]:
        """What an integration sends with `api:` sender ids (the gateway's API_KEYS)."""
        return {"Content-Type": "application/json", "X-API-Key": self.api_key}

    def rasa_headers(self) -> dict[str, str]:
        """What a client of Rasa's REST channel must send (pivot_rasa/channel.py), as the gateway does."""
        return {"X-Pivot-Token": self.token}

    @property
    def app_db(self) -> Path:
        return self.workdir / "app.db"

    @property
    def tracker_db(self) -> Path:
        return self.workdir / "rasa_tracker.db"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
        env.update(
            PYTHONPATH=str(ROOT),
            RASA_TELEMETRY_ENABLED="false",
            TF_CPP_MIN_LOG_LEVEL="2",
            # as scripts/run.sh: one TensorFlow thread per pool (docs/PERFORMANCE.md)
            TF_INTRA_OP_PARALLELISM_THREADS=os.environ.get("TF_INTRA_OP_PARALLELISM_THREADS", "1"),
            TF_INTER_OP_PARALLELISM_THREADS=os.environ.get("TF_INTER_OP_PARALLELISM_THREADS", "1"),
            OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "1"),
            SANIC_HOST="127.0.0.1",
            PORT=str(self.gateway_port),
            HOST="127.0.0.1",
            RASA_TOKEN=self.token,
            RASA_TOKEN_FILE=str(self.token_file),
            API_KEYS=self.api_key,
            # test clients and the bench load come from 127.0.0.1: no per-address cap (tested in tests/bot)
            RATE_LIMIT_PER_ADDRESS_PER_MINUTE=os.environ.get("RATE_LIMIT_PER_ADDRESS_PER_MINUTE", "0"),
            RATE_LIMIT_GLOBAL_PER_MINUTE=os.environ.get("RATE_LIMIT_GLOBAL_PER_MINUTE", "0"),
            RASA_URLS=",".join(f"http://127.0.0.1:{p}" for p in self.rasa_ports),
            ACTIONS_URL=f"http://127.0.0.1:{self.actions_port}",
            ACTION_ENDPOINT_URL=f"http://127.0.0.1:{self.actions_port}/webhook",
            KB_DATABASE_URL=os.environ.get("PIVOT_TEST_KB_URL", f"sqlite:///{ROOT / 'var' / 'knowledge.db'}"),
            APP_DATABASE_URL=f"sqlite:///{self.app_db}",
            TRACKER_SQLITE_PATH=str(self.tracker_db),
            TRACKER_DATABASE_URL=f"sqlite:///{self.tracker_db}",
            SESSION_SECRET=self.session_secret,
            # CI machines are small and busy: give Rasa time rather than fail a slow first message
            RASA_TIMEOUT_SECONDS=os.environ.get("RASA_TIMEOUT_SECONDS", "120"),
        )
        env.update(self.extra_env)
        return env

    def rasa_names(self) -> list[str]:
        return (
            ["rasa"] if self.rasa_instances == 1 else [f"rasa{i}" for i in range(1, self.rasa_instances + 1)]
        )

    def action_names(self) -> list[str]:
        return (
            ["actions"]
            if self.action_servers == 1
            else [f"actions{j}" for j in range(1, self.action_servers + 1)]
        )

    def commands(self) -> dict[str, tuple[list[str], dict[str, str]]]:
        """Process name -> (command, extra environment). Rasa instance i uses action server i mod M."""
        cmds: dict[str, tuple[list[str], dict[str, str]]] = {}
        for i, (name, port) in enumerate(zip(self.rasa_names(), self.rasa_ports, strict=True)):
            action_port = self.action_ports[i % len(self.action_ports)]
            cmds[name] = (
                [
                    str(RASA_PY),
                    "-m",
                    "pivot_rasa.serve",  # rasa run --enable-api, the token from RASA_TOKEN_FILE
                    "-i",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "-m",
                    str(self.model),
                    "--endpoints",
                    self.endpoints,
                    "--credentials",
                    "credentials.yml",
                ],
                {"ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook"},
            )
        for name, port in zip(self.action_names(), self.action_ports, strict=True):
            cmds[name] = ([str(APP_PY), "-m", "actions", "--port", str(port)], {})
        cmds["gateway"] = ([str(APP_PY), "-m", "bot", "serve"], {})
        return cmds

    def start(self, *names: str) -> None:
        env = self.env()
        for name, (cmd, extra) in self.commands().items():
            if names and name not in names:
                continue
            log = open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
            self.procs[name] = subprocess.Popen(
                cmd, cwd=ROOT, env={**env, **extra}, stdout=log, stderr=subprocess.STDOUT
            )

    def stop(self, *names: str) -> None:
        for name in names or tuple(self.procs):
            proc = self.procs.pop(name, None)
            if proc and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()

    def health(self) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=5) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")
        except OSError as exc:
            return 0, {"error": str(exc)}

    def wait_healthy(self, timeout: float = 420) -> dict:
        deadline = time.monotonic() + timeout
        status, body = 0, {}
        while time.monotonic() < deadline:
            for name, proc in self.procs.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited with {proc.returncode}:\n{self.log_tail(name)}")
            status, body = self.health()
            if status == 200:
                return body
            time.sleep(1)
        raise TimeoutError(
            f"stack not healthy after {timeout}s: {status} {body}\n"
            + "\n".join(self.log_tail(n) for n in self.procs)
        )

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.workdir / f"{name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return f"--- {name}.log ---\n" + "\n".join(text.splitlines()[-lines:])

    def send(self, sender_id: str, text: str, timeout: float = 60) -> dict:
        """POST /api/v1/messages through the gateway, as an API client would."""
        req = urllib.request.Request(
            f"{self.base_url}/api/v1/messages",
            method="POST",
            data=json.dumps({"sender_id": sender_id, "text": text}).encode(),
            headers=self.api_headers(),
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return json.loads(resp.read())
