"""The scale path on one machine: PostgreSQL for every database, Redis lock store,
N Rasa instances, M action servers and GATEWAY_WORKERS gateway processes on one port (default 2).

    python scripts/scaled.py run          # what `make run-scaled` calls (RASA_INSTANCES, ACTION_SERVERS
    from env)
    python scripts/scaled.py procfile     # print the generated Procfile

Every Rasa instance shares the PostgreSQL tracker store and Redis ticket lock store (endpoints.scaled.yml),
so any
instance may serve any conversation; the gateway spreads messages over all of them (RASA_URLS). Rasa
instance i
uses action server i mod M. This is Rasa's own horizontal-scaling design, not a home-made one.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Layout:
    rasa_instances: int
    action_servers: int
    gateway_workers: int
    gateway_port: int
    rasa_base_port: int
    actions_base_port: int
    pg_host: str
    pg_port: int
    pg_user: str
    pg_password: str
    pg_login_db: str
    kb_db: str
    app_db: str
    tracker_db: str

    @classmethod
    def from_env(cls, env: dict[str, str]) -> Layout:
        return cls(
            rasa_instances=int(env.get("RASA_INSTANCES", "2")),
            action_servers=int(env.get("ACTION_SERVERS", "2")),
            gateway_workers=int(env.get("GATEWAY_WORKERS", "2")),
            gateway_port=int(env.get("PORT", "8080")),
            rasa_base_port=int(env.get("RASA_PORT", "5005")),
            actions_base_port=int(env.get("ACTIONS_PORT", "5055")),
            pg_host=env.get("PG_HOST", "127.0.0.1"),
            pg_port=int(env.get("PG_PORT", "5432")),
            pg_user=env.get("PG_USER", "postgres"),
            pg_password=env.get("PG_PASSWORD", ""),
            pg_login_db=env.get("PG_LOGIN_DB", "postgres"),
            kb_db=env.get("PG_KB_DB", "pivot_kb"),
            app_db=env.get("PG_APP_DB", "pivot_app"),
            tracker_db=env.get("PG_TRACKER_DB", "pivot_tracker"),
        )

    def pg_url(self, db: str, driver: str = "psycopg") -> str:
        auth = self.pg_user + (f":{self.pg_password}" if self.pg_password else "")
        return f"postgresql+{driver}://{auth}@{self.pg_host}:{self.pg_port}/{db}"

    def rasa_ports(self) -> list[int]:
        return [self.rasa_base_port + i for i in range(self.rasa_instances)]

    def action_ports(self) -> list[int]:
        return [self.actions_base_port + j for j in range(self.action_servers)]

    def env(self) -> dict[str, str]:
        """Variables every process of the scaled layout sees."""
        return {
            "KB_DATABASE_URL": self.pg_url(self.kb_db),
            "APP_DATABASE_URL": self.pg_url(self.app_db),
            "TRACKER_DATABASE_URL": self.pg_url(self.tracker_db),
            "RASA_URLS": ",".join(f"http://127.0.0.1:{p}" for p in self.rasa_ports()),
            "ACTIONS_URL": f"http://127.0.0.1:{self.action_ports()[0]}",
            "PG_HOST": self.pg_host,
            "PG_PORT": str(self.pg_port),
            "PG_USER": self.pg_user,
            "PG_PASSWORD": self.pg_password,
            "PG_LOGIN_DB": self.pg_login_db,
            "PG_TRACKER_DB": self.tracker_db,
        }

    def procfile(self) -> str:
        lines = []
        actions = self.action_ports()
        for i, port in enumerate(self.rasa_ports(), start=1):
            action_url = f"http://127.0.0.1:{actions[(i - 1) % len(actions)]}/webhook"
            lines.append(
                f"rasa{i}: ACTION_ENDPOINT_URL={action_url} .venv-rasa/bin/python -m pivot_rasa.serve "
                f'-i 127.0.0.1 -p {port} -m "$RASA_MODEL" '
                f"--endpoints endpoints.scaled.yml --credentials credentials.yml"
            )
        for j, port in enumerate(actions, start=1):
            lines.append(f"actions{j}: .venv-app/bin/python -m actions --port {port}")
        # GATEWAY_WORKERS processes on the one port (SO_REUSEPORT), sharing order and limits through Redis
        lines.append(
            f"gateway: PORT={self.gateway_port} GATEWAY_WORKERS={self.gateway_workers} "
            ".venv-app/bin/python -m bot serve"
        )
        lines.append(f"ready: PORT={self.gateway_port} .venv-app/bin/python scripts/wait_ready.py")
        return "\n".join(lines) + "\n"


def ensure_databases(layout: Layout) -> None:
    """Create the PostgreSQL databases that do not exist yet (Rasa creates its own through login_db)."""
    import psycopg

    conninfo = (
        f"host={layout.pg_host} port={layout.pg_port} user={layout.pg_user} dbname={layout.pg_login_db}"
    )
    if layout.pg_password:
        conninfo += f" password={layout.pg_password}"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        existing = {row[0] for row in conn.execute("SELECT datname FROM pg_database")}
        for name in (layout.kb_db, layout.app_db, layout.tracker_db):
            if name not in existing:
                conn.execute(f'CREATE DATABASE "{name}"')


def run(layout: Layout) -> None:
    import subprocess

    ensure_databases(layout)
    env = {
        **os.environ,
        **layout.env(),
        "REDIS_HOST": os.environ.get("REDIS_HOST", "127.0.0.1"),
        "REDIS_PORT": os.environ.get("REDIS_PORT", "6379"),
        "REDIS_DB": os.environ.get("REDIS_DB", "0"),
    }
    # the gateway's rate limits (per sender, per client address, global) in the same Redis, so every
    # gateway process added in front counts against one budget (bot/rate_limits.py)
    if not env.get("REDIS_URL"):
        env["REDIS_URL"] = f"redis://{env['REDIS_HOST']}:{env['REDIS_PORT']}/{env['REDIS_DB']}"
    print(f"Pivot (scaled): importing the knowledge base into {layout.kb_db} (idempotent) ...", flush=True)
    subprocess.run(
        [str(ROOT / ".venv-app/bin/python"), "-m", "knowledge", "import", "--db", env["KB_DATABASE_URL"]],
        cwd=ROOT,
        env=env,
        check=True,
    )
    procfile = ROOT / "var" / "Procfile.scaled"
    procfile.parent.mkdir(exist_ok=True)
    procfile.write_text(layout.procfile())
    print(
        f"Pivot (scaled): {layout.rasa_instances} Rasa instances, {layout.action_servers} action servers, "
        f"{layout.gateway_workers} gateway processes",
        flush=True,
    )
    os.execvpe(  # noqa: S606 - replace this process by honcho, arguments are ours
        str(ROOT / ".venv-app/bin/honcho"), ["honcho", "-f", str(procfile), "start"], env
    )


def main(argv: list[str]) -> int:
    layout = Layout.from_env(dict(os.environ))
    if argv[:1] == ["procfile"]:
        sys.stdout.write(layout.procfile())
        return 0
    if argv[:1] == ["run"]:
        run(layout)
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
