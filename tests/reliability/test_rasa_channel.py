"""Rasa's REST channel takes a message only with the token the gateway sends (issue 12).

Rasa's own `rest` channel answers anyone who can reach its port; `--auth-token` guards only its HTTP API.
Pivot's channel (pivot_rasa/channel.py, named in credentials.yml) refuses a message without the right
`X-Pivot-Token`, reads the token from a file only its owner may read, and Rasa does not start otherwise.
The real Rasa server with the trained test model (`pivot_stack`, bench/stack.py) is what is tested here;
scripts/rasa_token.sh, which writes that file for `make run`, is tested on its own.
"""

from __future__ import annotations

import os
import stat
import subprocess
import uuid
from pathlib import Path

import pytest
import requests

from bench.stack import ROOT, free_port

RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"
RASA_PY = ROOT / ".venv-rasa" / "bin" / "python"


def _webhook(stack, sender: str, headers: dict[str, str]) -> requests.Response:
    return requests.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": "hi"},
        headers=headers,
        timeout=120,
    )


def _user_events(stack, sender: str) -> list[str]:
    tracker = requests.get(
        f"{stack.rasa_url}/conversations/{sender}/tracker", params={"token": stack.token}, timeout=30
    ).json()
    return [e.get("text") for e in tracker.get("events") or [] if e.get("event") == "user"]


@pytest.mark.e2e
def test_the_real_rasa_refuses_messages_without_the_token(pivot_stack):
    refused = {}
    for name, headers in {
        "no token": {},
        "wrong token": {"X-Pivot-Token": "not-" + pivot_stack.token},
        "token as a query parameter": {},
    }.items():
        sender = f"api:intruder-{uuid.uuid4().hex[:8]}"
        if name == "token as a query parameter":  # Rasa's API accepts ?token=, its channel must not
            resp = requests.post(
                f"{pivot_stack.rasa_url}/webhooks/rest/webhook",
                params={"token": pivot_stack.token},
                json={"sender": sender, "message": "hi"},
                timeout=120,
            )
        else:
            resp = _webhook(pivot_stack, sender, headers)
        refused[name] = (resp.status_code, resp.json(), _user_events(pivot_stack, sender))
    sender = f"api:gateway-{uuid.uuid4().hex[:8]}"
    accepted = _webhook(pivot_stack, sender, pivot_stack.rasa_headers())

    for name, (status, body, events) in refused.items():
        assert status == 401, name
        assert "X-Pivot-Token" in body["error"], name
        assert events == [], name  # Rasa never saw the message
    assert accepted.status_code == 200 and accepted.json(), accepted.text
    assert _user_events(pivot_stack, sender) == ["hi"]


@pytest.mark.e2e
def test_the_rasa_token_is_on_no_command_line_and_rasas_files_are_owner_only(pivot_stack):
    """`ps` shows every process's command line to every local user: Rasa's token stays in its 0600 file,
    and the conversations Rasa writes (its SQLite tracker store) are owner-only whatever the umask of the
    launcher (this test's is usually 022)."""
    rasa = pivot_stack.procs["rasa"]
    cmdline = Path(f"/proc/{rasa.pid}/cmdline").read_bytes().decode()
    token_file = pivot_stack.token_file

    assert pivot_stack.token not in cmdline
    assert "pivot_rasa.serve" in cmdline
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(pivot_stack.tracker_db.stat().st_mode) == 0o600


def _start_rasa(command: list[str], token_file: Path | None, model: Path, tmp_path: Path) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "RASA_TOKEN"))}
    env.update(
        PYTHONPATH=str(ROOT),
        RASA_TELEMETRY_ENABLED="false",
        ACTION_ENDPOINT_URL="http://127.0.0.1:9/webhook",
        TRACKER_SQLITE_PATH=str(tmp_path / "tracker.db"),
    )
    if token_file is not None:
        env["RASA_TOKEN_FILE"] = str(token_file)
    args = ["-i", "127.0.0.1", "-p", str(free_port()), "-m", str(model), "--endpoints", "endpoints.yml"]
    proc = subprocess.run(
        [*command, *args, "--credentials", "credentials.yml"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return proc.returncode, proc.stdout + proc.stderr


@pytest.mark.e2e
@pytest.mark.slow
@pytest.mark.parametrize("launcher", ["rasa run (the channel's own check)", "pivot_rasa.serve"])
@pytest.mark.parametrize("problem", ["readable by others", "empty", "missing", "not named"])
def test_rasa_does_not_start_with_an_unsafe_or_missing_token_file(tmp_path, launcher, problem):
    from bench.stack import test_model

    token_file = tmp_path / "rasa_token"
    if problem != "missing":
        token_file.write_text("" if problem == "empty" else "s3cret-token-0123456789\n")
        token_file.chmod(0o644 if problem == "readable by others" else 0o600)
    command = (
        [str(RASA_BIN), "run", "--enable-api", "--auth-token=x"]
        if launcher.startswith("rasa run")
        else [str(RASA_PY), "-m", "pivot_rasa.serve"]
    )

    code, output = _start_rasa(
        command, None if problem == "not named" else token_file, test_model(), tmp_path
    )

    assert code != 0, output[-2000:]
    expected = {
        "readable by others": "chmod 600",
        "empty": "is empty",
        "missing": "cannot read the Rasa token file",
        "not named": "RASA_TOKEN_FILE",
    }[problem]
    assert expected in output, output[-2000:]


def _source_token_script(workdir: Path, env: dict[str, str]) -> tuple[str, str]:
    out = subprocess.run(
        [
            "bash",
            "-c",
            f'umask 022; . "{ROOT}/scripts/rasa_token.sh"; printf "%s\\n%s" "$RASA_TOKEN" "$RASA_TOKEN_FILE"',
        ],
        cwd=workdir,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    token, path = out.split("\n")
    return token, path


def test_rasa_token_sh_writes_an_owner_only_file(tmp_path):
    """`make run`'s token file (scripts/run.sh sources scripts/rasa_token.sh), even under umask 022."""
    token, path = _source_token_script(tmp_path, {})
    file = tmp_path / "var" / "rasa_token"

    assert Path(path) == file and file.read_text().strip() == token and len(token) >= 40
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert _source_token_script(tmp_path, {}) == (token, path)  # kept across runs


def test_rasa_token_sh_tightens_an_old_world_readable_file_and_writes_a_given_token(tmp_path):
    old = tmp_path / "var" / "rasa_token"
    old.parent.mkdir()
    old.write_text("written-by-an-earlier-version\n")
    old.chmod(0o644)

    kept, _ = _source_token_script(tmp_path, {})
    mode_after_old = stat.S_IMODE(old.stat().st_mode)
    given, _ = _source_token_script(tmp_path, {"RASA_TOKEN": "from-the-environment-0123456789"})

    assert kept == "written-by-an-earlier-version" and mode_after_old == 0o600
    assert given == "from-the-environment-0123456789" == old.read_text().strip()
    assert stat.S_IMODE(old.stat().st_mode) == 0o600
