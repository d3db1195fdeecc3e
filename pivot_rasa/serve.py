"""`python -m pivot_rasa.serve [rasa run options]`: Rasa's server with its HTTP API on, the API token read
from the file `RASA_TOKEN_FILE` names (issue 12).

`rasa run --auth-token T` puts the token on the command line, where `ps` shows it to every local user; this
starts the same `rasa run --enable-api --auth-token T ...` inside the process, so the process's command line
holds only the file's name. The file is the one the REST channel reads (pivot_rasa/channel.py) and must be
readable by its owner only. What Rasa writes (the SQLite tracker store, `--log-file`) is owner-only too
(umask 077), whichever launcher started it.
"""

from __future__ import annotations

import os
import sys

from pivot_rasa.channel import TokenFileError, read_token_file

USAGE = "RASA_TOKEN_FILE must name the token file (scripts/rasa_token.sh writes it)"


def rasa_argv(argv: list[str], token: str) -> list[str]:
    if any(a == "--auth-token" or a.startswith("--auth-token=") for a in argv):
        raise SystemExit("pivot_rasa.serve reads the token from RASA_TOKEN_FILE: drop --auth-token")
    return ["rasa", "run", "--enable-api", f"--auth-token={token}", *argv]


def main(argv: list[str] | None = None) -> None:
    path = os.environ.get("RASA_TOKEN_FILE", "").strip()
    if not path:
        raise SystemExit(USAGE)
    try:
        token = read_token_file(path)
    except TokenFileError as exc:
        raise SystemExit(str(exc)) from None
    sys.argv = rasa_argv(list(sys.argv[1:] if argv is None else argv), token)
    os.umask(0o077)  # conversations and logs: owner-only files (scripts/run.sh does the same)
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
