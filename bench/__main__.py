"""`make bench`: every figure of the benchmark issue, measured on this machine.

Writes bench/results/latest.json and latest.md.

    python -m bench [--quick]        (--quick: one repetition and shorter load phases, for a smoke run)
    python -m bench --only widget,dashboard
                                     (re-measure only these parts; the other figures of latest.json stay)

Timings are medians over several runs; ratios are measured within the same run. Load comes from Locust
(bench/locustfile.py), run headless against the real processes started by bench/stack.py.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import psutil

from bench.profile import play_stack
from bench.stack import APP_PY, ROOT, Stack, test_model

RESULTS = ROOT / "bench" / "results"
RASA_PY = ROOT / ".venv-rasa" / "bin" / "python"
SCRIPT = ["hi", "I work in finance and want to move into fintech", "tell me more about the first one", "bye"]


def post_json(
    url: str, body: dict, timeout: float = 60, headers: dict[str, str] | None = None
) -> tuple[float, dict | list]:
    req = urllib.request.Request(  # noqa: S310 - loopback URLs we built
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - loopback URLs we built
        data = json.loads(resp.read())
    return (time.perf_counter() - start) * 1000, data


def gateway_overhead(stack: Stack, conversations: int) -> dict:
    """Same messages, same model: p50 through the gateway vs straight to Rasa's REST channel, interleaved."""
    via_gateway, direct = [], []
    for _ in range(conversations):
        g_sender, r_sender = f"api:oh-{uuid.uuid4()}", f"api:oh-{uuid.uuid4()}"
        for text in SCRIPT:
            ms, _ = post_json(
                f"{stack.base_url}/api/v1/messages",
                {"sender_id": g_sender, "text": text},
                headers=stack.api_headers(),
            )
            via_gateway.append(ms)
            ms, _ = post_json(
                f"{stack.rasa_url}/webhooks/rest/webhook",
                {"sender": r_sender, "message": text},
                headers=stack.rasa_headers(),
            )
            direct.append(ms)
    g50, r50 = statistics.median(via_gateway), statistics.median(direct)
    return {
        "gateway_p50_ms": round(g50, 2),
        "rasa_direct_p50_ms": round(r50, 2),
        "gateway_overhead_ratio": round(g50 / r50, 3),
        "messages": len(via_gateway),
    }


def locust(stack: Stack, users: int, seconds: int, workdir: Path) -> dict:
    prefix = workdir / f"locust-{users}-{secrets.token_hex(3)}"
    subprocess.run(
        [
            str(ROOT / ".venv-app/bin/locust"),
            "-f",
            str(ROOT / "bench/locustfile.py"),
            "--headless",
            "-u",
            str(users),
            "-r",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--host",
            stack.base_url,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env={**os.environ, "PIVOT_API_KEY": stack.api_key},  # bench/locustfile.py sends it
        check=False,
        capture_output=True,
        text=True,
        timeout=seconds + 120,
    )
    with open(f"{prefix}_stats.csv", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["Name"] == "Aggregated")
    return {
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
        "p99": float(row["99%"]),
        "throughput_msgs_per_s": float(row["Requests/s"]),
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
    }


def median_runs(runs: list[dict]) -> dict:
    return {k: round(statistics.median(r[k] for r in runs), 2) for k in runs[0]}


def rss_mb(stack: Stack) -> dict:
    out = {}
    for name, proc in stack.procs.items():
        try:
            p = psutil.Process(proc.pid)
            total = p.memory_info().rss + sum(c.memory_info().rss for c in p.children(recursive=True))
            out[name] = round(total / 2**20, 1)
        except psutil.NoSuchProcess:
            out[name] = None
    return out


def start_stack(workdir: Path, model: Path, **kwargs) -> tuple[Stack, float]:
    stack = Stack(workdir=workdir, model=model, **kwargs)
    start = time.perf_counter()
    stack.start()
    stack.wait_healthy(timeout=300)
    return stack, round(time.perf_counter() - start, 1)


def kb_query() -> dict:
    out = subprocess.run(
        [str(APP_PY), "-m", "knowledge", "bench", "--json"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    figures = json.loads(out.stdout)
    return {
        "p50": figures["resolve_recommend_p50_ms"],
        "p95": figures["resolve_recommend_p95_ms"],
        "cpu_p95": figures.get("resolve_recommend_cpu_p95_ms"),
        "details": figures,
    }


def train_full(workdir: Path) -> tuple[float, Path]:
    """Times a full training from scratch: an empty Rasa cache, so no component is reused."""
    env = {**os.environ, "RASA_CACHE_DIRECTORY": str(workdir / "rasa-cache")}
    start = time.perf_counter()
    subprocess.run(
        [
            str(ROOT / ".venv-rasa/bin/rasa"),
            "train",
            "--config",
            "config.yml",
            "--domain",
            "domain.yml",
            "--data",
            "data",
            "--out",
            str(workdir),
            "--fixed-model-name",
            "bench",
            "--quiet",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return round(time.perf_counter() - start, 1), workdir / "bench.tar.gz"


def nlu_figures(model: Path, workdir: Path) -> dict:
    out = workdir / "nlu-eval.json"
    subprocess.run(
        [
            str(RASA_PY),
            "-m",
            "nlu.evaluate",
            "--model",
            str(model),
            "--data",
            "tests/nlu_holdout/holdout.yml",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    data = json.loads(out.read_text())
    return {
        "intent_macro_f1": data["intent_macro_f1"],
        "entity_f1": data["entity"]["micro"]["f1"],
        "oos_recall": data["oos_recall"],
        "oos_recall_incl_fallback": data.get("oos_recall_incl_fallback"),
        "utterances": data.get("n"),
    }


def understanding_figures() -> dict:
    """The real-question test half read offline (bench/understanding.py) and played through the real stack
    (bench/transcripts.py), each in its own process so the action server's settings apply."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1"}
    offline = subprocess.run(
        [str(APP_PY), "-m", "bench.understanding", "--split", "test"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    figures = json.loads(offline.stdout[offline.stdout.index("{") : offline.stdout.rindex("}") + 1])
    stack = subprocess.run(
        [
            str(APP_PY),
            "-m",
            "bench.transcripts",
            "--split",
            "test",
            "--out",
            str(ROOT / "var" / "transcripts-test.jsonl"),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    figures["stack"] = json.loads(stack.stdout[stack.stdout.index("{") : stack.stdout.rindex("}") + 1])
    return figures


def dashboard_figures() -> dict:
    """The counselor dashboard with 10,000 conversations (bench/dashboard.py), in its own process."""
    out = subprocess.run(
        [str(APP_PY), "-m", "bench.dashboard", "--json"], cwd=ROOT, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


def widget_figures() -> dict:
    """The widget's raw and gzipped size on the wire, from the real gateway (bench/widget.py)."""
    out = subprocess.run(
        [str(APP_PY), "-m", "bench.widget", "--json"], cwd=ROOT, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


# Parts `--only` can re-measure on their own (each takes seconds to a few minutes, no Rasa needed).
PARTS = {"widget": widget_figures, "dashboard": dashboard_figures}


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def breakdown(model: Path, workdir: Path, quick: bool) -> dict:
    """Per-component CPU of a turn (bench/profile.py): Rasa's graph nodes, action runs and tracker store
    in-process, the action server's calls replayed, and a 200-turn conversation's first and last turns."""
    out = workdir / "profile"
    for py, what in ((RASA_PY, "rasa"), (APP_PY, "actions")):
        subprocess.run(
            [str(py), "-m", "bench.profile", what, "--model", str(model), "--out", str(out)]
            + (["--conversations", "4", "--long", "40"] if quick else []),
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"},
            check=True,
            capture_output=True,
        )
    rasa = json.loads((out / "rasa.json").read_text())
    actions = json.loads((out / "actions.json").read_text())
    long = rasa["long_conversation"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"}
    figures = {}
    for module, extra in (
        ("bench.components", ["--model", str(model), "--runs", "1" if quick else "3"]),
        ("bench.tracker_store", ["--runs", "1" if quick else "3"] + (["--turns", "60"] if quick else [])),
    ):
        done = subprocess.run(
            [str(RASA_PY), "-m", module, "--json", *extra],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        figures[module] = json.loads(done.stdout[done.stdout.index("{") : done.stdout.rindex("}") + 1])
    return {
        "rasa_turn_cpu_ms_p50": rasa["turn_cpu_ms_p50"],
        "rasa_parts_cpu_ms_per_turn": {k: v["cpu_ms_per_turn"] for k, v in rasa["parts"].items()},
        "action_server_cpu_ms_per_call": {k: v["cpu_ms_median"] for k, v in actions["parts"].items()},
        "long_conversation": {k: v for k, v in long.items() if not k.startswith(("per_turn", "parts_"))},
        "long_conversation_parts": {
            which: {k: v["cpu_ms_per_turn"] for k, v in long[f"parts_{which}_window"].items()}
            for which in ("first", "last")
        },
        "nlu_components": figures["bench.components"],
        "tracker_store": figures["bench.tracker_store"],
    }


def report(results: dict) -> str:
    lat = results["latency_ms"]
    lines = [
        "# Pivot benchmark",
        "",
        f"Machine: {results['machine']['cpu']}, {results['machine']['cores']} cores, "
        f"{results['machine']['memory_gb']} GB. Run {results['started']}, "
        f"{results['repetitions']} repetition(s) per figure (medians).",
        "",
        "| figure | value |",
        "|---|---|",
        f"| gateway_overhead_ratio (goal ≤ 1.10) | {results['gateway_overhead_ratio']} |",
        f"| kb_query_ms.p95 (resolve + recommend, goal < 20) | {results['kb_query_ms'].get('p95')} |",
        f"| train_seconds (config.yml) | {results['train_seconds']} |",
        f"| cold_start_seconds (processes start → healthy) | {results['cold_start_seconds']} |",
        f"| throughput_msgs_per_s, 1 Rasa instance | {results['throughput_msgs_per_s']['single']} |",
        f"| throughput_msgs_per_s, 2 Rasa instances | {results['throughput_msgs_per_s'].get('two')} |",
        f"| scaling ratio (two / single) | {results['throughput_msgs_per_s'].get('ratio')} |",
        f"| NLU intent macro-F1 / entity F1 / OOS recall | {results['nlu'].get('intent_macro_f1')} / "
        f"{results['nlu'].get('entity_f1')} / {results['nlu'].get('oos_recall')} |",
        f"| real questions (test half): current / target / question type understood | "
        f"{results.get('understanding', {}).get('current_accuracy')} / "
        f"{results.get('understanding', {}).get('target_accuracy')} / "
        f"{results.get('understanding', {}).get('type_strict_accuracy')} |",
        f"| real questions: CPU ms to read a message p50 / p95 | "
        f"{results.get('understanding', {}).get('read_cpu_ms_p50')} / "
        f"{results.get('understanding', {}).get('read_cpu_ms_p95')} |",
        f"| real questions through the stack: first-reply fallback share / internal ids / loops | "
        f"{results.get('understanding', {}).get('stack', {}).get('first_reply_fallback_share')} / "
        f"{results.get('understanding', {}).get('stack', {}).get('internal_ids')} / "
        f"{results.get('understanding', {}).get('stack', {}).get('loops')} |",
        f"| dashboard, {results.get('dashboard', {}).get('conversations')} conversations: worst inbox page "
        f"p95 ms | {results.get('dashboard', {}).get('inbox_p95_ms_worst')} |",
        f"| widget.js bytes, raw / gzipped on the wire | {results.get('widget', {}).get('raw_bytes')} / "
        f"{results.get('widget', {}).get('gzip_bytes')} |",
        "",
        "Latency through `POST /api/v1/messages` (ms):",
        "",
        "| concurrent conversations | p50 | p95 | p99 | msgs/s |",
        "|---|---|---|---|---|",
    ]
    for users, row in lat.items():
        lines.append(
            f"| {users} | {row['p50']} | {row['p95']} | {row['p99']} | {row['throughput_msgs_per_s']} |"
        )
    lines += ["", "Resident memory (MB):", "", "| process | at rest | after load |", "|---|---|---|"]
    for name, rest in results["rss_mb"]["at_rest"].items():
        lines.append(f"| {name} | {rest} | {results['rss_mb']['after_load'].get(name)} |")
    per_process = results.get("cpu_ms_per_message")
    if per_process:
        lines += ["", "CPU ms per message by process (one message at a time, psutil):", ""]
        lines += ["| path | " + " | ".join(per_process["via_gateway"]["cpu_ms_per_message"]) + " |"]
        lines += ["|---" * (1 + len(per_process["via_gateway"]["cpu_ms_per_message"])) + "|"]
        for how, row in per_process.items():
            lines.append(
                f"| {how} | " + " | ".join(str(v) for v in row["cpu_ms_per_message"].values()) + " |"
            )
    parts = results.get("breakdown")
    if parts:
        lines += [
            "",
            "Rasa's CPU ms per turn by part (bench/profile.py, in-process):",
            "",
            "| part | ms |",
            "|---|---|",
        ]
        lines += [f"| {k} | {v} |" for k, v in parts["rasa_parts_cpu_ms_per_turn"].items() if v >= 0.5]
        lc = parts["long_conversation"]
        lines += [
            "",
            f"{lc['turns']}-turn conversation ({lc.get('events_at_end')} events, "
            f"{lc.get('tracker_store', {}).get('store')}): mean Rasa CPU of its first {lc['window']} turns "
            f"{lc['first_window_cpu_ms_mean']} ms, of its last {lc['window']} "
            f"{lc['last_window_cpu_ms_mean']} ms.",
        ]
        lp = parts.get("long_conversation_parts")
        if lp:
            lines += ["", f"| part (CPU ms per turn) | turns 1–{lc['window']} | last {lc['window']} |"]
            lines += ["|---|---|---|"]
            lines += [
                f"| {k} | {v} | {lp['last'].get(k)} |"
                for k, v in lp["first"].items()
                if max(v, lp["last"].get(k) or 0) >= 1
            ]
        nlu = parts.get("nlu_components")
        if nlu:
            from bench.components import markdown as nlu_markdown

            lines += ["", nlu_markdown(nlu).rstrip()]
        ts = parts.get("tracker_store")
        if ts:
            from bench.tracker_store import markdown as ts_markdown

            lines += ["", ts_markdown(ts).rstrip()]
    dash = results.get("dashboard")
    if dash and dash.get("pages"):
        when = f", measured {dash['measured']}" if dash.get("measured") else ""
        if "load_average_1m_before" in dash:
            when += f", load average {dash['load_average_1m_before']} on {dash['machine']['cores']} cores"
        lines += [
            "",
            f"Counselor dashboard, {dash['conversations']:,} conversations on {dash['database']} "
            f"(bench/dashboard.py{when}; wall-clock time on a loopback socket, and the gateway's CPU per "
            "request):",
            "",
            "| page | p50 ms | p95 ms | gateway CPU ms |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {name} | {row['p50_ms']} | {row['p95_ms']} | {row['gateway_cpu_ms_mean']} |"
            for name, row in dash["pages"].items()
        ]
    lines += ["", "Reproduce: `make bench` (writes this file and latest.json)."]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="one repetition, short load phases")
    parser.add_argument(
        "--only",
        metavar="PARTS",
        help=f"comma-separated parts to re-measure into the existing latest.json: {', '.join(PARTS)}",
    )
    args = parser.parse_args(argv)
    if args.only:
        parts = [p.strip() for p in args.only.split(",") if p.strip()]
        unknown = [p for p in parts if p not in PARTS]
        if unknown or not parts:
            parser.error(f"--only takes {', '.join(PARTS)} (got {args.only!r})")
        return only(parts)
    reps, seconds = (1, 8) if args.quick else (3, 20)
    workdir = Path(tempfile.mkdtemp(prefix="pivot-bench-"))
    results: dict = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(),
        "repetitions": reps,
    }

    print("kb queries ...", flush=True)
    results["kb_query_ms"] = kb_query()
    print("training the full model ...", flush=True)
    results["train_seconds"], full_model = train_full(workdir)
    print("nlu figures ...", flush=True)
    results["nlu"] = nlu_figures(full_model, workdir)
    print("real-question understanding (test half) ...", flush=True)
    results["understanding"] = understanding_figures()
    print("counselor dashboard, 10,000 conversations ...", flush=True)
    results["dashboard"] = dashboard_figures()
    print("widget size ...", flush=True)
    results["widget"] = widget_figures()

    model = test_model()
    (workdir / "single").mkdir()
    stack, cold = start_stack(workdir / "single", model)
    results["cold_start_seconds"] = cold
    try:
        results["rss_mb"] = {"at_rest": rss_mb(stack)}
        print("gateway overhead ...", flush=True)
        overhead_runs = [gateway_overhead(stack, 5 if args.quick else 10) for _ in range(reps)]
        results["gateway_overhead"] = median_runs(overhead_runs)
        results["gateway_overhead_ratio"] = results["gateway_overhead"]["gateway_overhead_ratio"]
        print("CPU per message by process ...", flush=True)
        results["cpu_ms_per_message"] = {
            "via_gateway": play_stack(stack, 10, via_gateway=True),
            "rasa_direct": play_stack(stack, 10, via_gateway=False),
        }
        results["latency_ms"] = {}
        for users in (1, 10, 50):
            print(f"load with {users} concurrent conversations ...", flush=True)
            results["latency_ms"][str(users)] = median_runs(
                [locust(stack, users, seconds, workdir) for _ in range(reps)]
            )
        results["rss_mb"]["after_load"] = rss_mb(stack)
        results["throughput_msgs_per_s"] = {"single": results["latency_ms"]["50"]["throughput_msgs_per_s"]}
    finally:
        stack.stop()
    print("per-component breakdown (bench/profile.py) ...", flush=True)
    results["breakdown"] = breakdown(model, workdir, args.quick)

    print("two Rasa instances (PostgreSQL tracker store + Redis lock store) ...", flush=True)
    try:
        (workdir / "two").mkdir()
        pg_db = f"pivot_bench_{secrets.token_hex(4)}"
        two, _ = start_stack(
            workdir / "two",
            model,
            rasa_instances=2,
            action_servers=2,
            endpoints="endpoints.scaled.yml",
            extra_env=scaled_env(pg_db),
        )
        try:
            runs = [locust(two, 50, seconds, workdir) for _ in range(reps)]
            results["throughput_msgs_per_s"]["two"] = median_runs(runs)["throughput_msgs_per_s"]
            results["throughput_msgs_per_s"]["ratio"] = round(
                results["throughput_msgs_per_s"]["two"] / results["throughput_msgs_per_s"]["single"], 3
            )
        finally:
            two.stop()
            drop_pg_db(pg_db)
    except Exception as exc:  # noqa: BLE001 - the report says why the figure is missing
        results["throughput_msgs_per_s"]["two_error"] = f"{exc.__class__.__name__}: {exc}"[:500]

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / "latest.md").write_text(report(results))
    print(report(results))
    return 0


def only(parts: list[str]) -> int:
    """Re-measure `parts` and write them into latest.json / latest.md, keeping every other figure."""
    latest = RESULTS / "latest.json"
    if not latest.exists():
        print("bench: no bench/results/latest.json to update; run `make bench` once", file=sys.stderr)
        return 2
    results = json.loads(latest.read_text())
    for part in parts:
        print(f"{part} ...", flush=True)
        load = os.getloadavg()[0]
        results[part] = {
            **PARTS[part](),
            "measured": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": machine(),
            "load_average_1m_before": round(load, 2),  # other work sharing the cores
        }
    latest.write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / "latest.md").write_text(report(results))
    print(report(results))
    return 0


def scaled_env(tracker_db: str) -> dict[str, str]:
    return {
        "PG_HOST": "127.0.0.1",
        "PG_PORT": "5432",
        "PG_USER": "postgres",
        "PG_PASSWORD": "",
        "PG_LOGIN_DB": "postgres",
        "PG_TRACKER_DB": tracker_db,
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": "6379",
        "REDIS_DB": "0",
        "TRACKER_DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{tracker_db}",
    }


def drop_pg_db(name: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
