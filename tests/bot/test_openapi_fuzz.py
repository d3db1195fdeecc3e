"""Schemathesis fuzzes the live gateway against bot/openapi.yaml: no 5xx, responses match the schema,
documented status codes only. The gateway runs on a real port with the fake Rasa (tests/bot/fakes.py)."""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

import pytest

from bot.app import init_app
from tests.bot.conftest import API_KEY

ST = Path(sys.executable).with_name("st")


@pytest.mark.slow
@pytest.mark.skipif(not ST.exists() and not shutil.which("st"), reason="schemathesis CLI not installed")
async def test_schemathesis_finds_nothing(aiohttp_server, gateway_settings, tmp_path):
    server = await aiohttp_server(await init_app(gateway_settings.replace(rate_limit_per_minute=100_000)))
    base = str(server.make_url("")).rstrip("/")
    proc = await asyncio.create_subprocess_exec(
        str(ST if ST.exists() else shutil.which("st")),
        "run",
        f"{base}/api/v1/openapi.json",
        "--checks",
        "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
        "--header",
        f"X-API-Key: {API_KEY}",  # the suite's integration key: `api:` ids are served, not refused
        "--max-examples",
        "60",
        "--phases",
        "examples,coverage,fuzzing",
        "--workers",
        "1",
        "--seed",
        "1",
        "--no-color",
        "--report-dir",
        str(tmp_path),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        cwd=tmp_path,
    )
    out, _ = await asyncio.wait_for(proc.communicate(), 300)
    print(out.decode()[-3000:])
    assert proc.returncode == 0, out.decode()[-6000:]
