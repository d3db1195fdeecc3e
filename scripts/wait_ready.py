"""Waits until the gateway's /healthz reports every part ready, then prints the URL people open.

Runs as the last process under honcho (see Procfile); it keeps running afterwards because honcho stops the
whole group when any process exits. While waiting it names the parts that are not ready yet.
"""

from __future__ import annotations

import json
import os
import signal
import time
import urllib.error
import urllib.request


def check(url: str) -> tuple[bool, str]:
    try:
        with urllib.request.urlopen(url, timeout=3) as resp:  # noqa: S310 - our own loopback URL
            return resp.status == 200, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return False, exc.read().decode("utf-8", "replace")
    except OSError as exc:
        return False, f"gateway not reachable yet ({exc.__class__.__name__})"


def waiting_parts(body: str) -> str:
    try:
        parts = json.loads(body).get("parts", {})
    except (ValueError, AttributeError):
        return body[:200]
    down = [f"{name} ({state})" for name, state in parts.items() if state != "ok"]
    return ", ".join(down) or body[:200]


def main() -> None:
    port = os.environ.get("PORT", "8080")
    base = os.environ.get("PUBLIC_URL") or f"http://localhost:{port}"
    started = time.monotonic()
    last_note = 0.0
    while True:
        ok, body = check(f"http://127.0.0.1:{port}/healthz")
        if ok:
            print(
                f"\n  Pivot is ready after {time.monotonic() - started:.0f} s: open {base}/\n"
                f"  Counselor dashboard: {base}/counselor/   (Ctrl-C stops everything)\n",
                flush=True,
            )
            break
        if time.monotonic() - last_note > 15:
            print(f"waiting for: {waiting_parts(body)}", flush=True)
            last_note = time.monotonic()
        time.sleep(1)
    signal.pause()


if __name__ == "__main__":
    main()
