"""`python -m knowledge ...` commands on the fixture sources (fast) and on the full KB where it matters."""

from __future__ import annotations

import json

import yaml

from knowledge import attribution
from knowledge.__main__ import main


def _import(fixture_dirs, tmp_path) -> str:
    sources, curated = fixture_dirs
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    report = tmp_path / "import-report.json"
    assert (
        main(
            [
                "import",
                "--db",
                url,
                "--sources",
                str(sources),
                "--curated",
                str(curated),
                "--report",
                str(report),
                "--quiet",
            ]
        )
        == 0
    )
    assert json.loads(report.read_text())["rejected_total"] > 0
    return url


def test_import_stats_json(fixture_dirs, tmp_path, capsys):
    url = _import(fixture_dirs, tmp_path)
    capsys.readouterr()
    assert main(["stats", "--db", url, "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert (
        stats["occupations"] == 4 and stats["curated_transitions"] == 2 and stats["curated_credentials"] == 2
    )


def test_export_curated_for_review(fixture_dirs, tmp_path):
    url = _import(fixture_dirs, tmp_path)
    out = tmp_path / "export"
    assert main(["export", "--db", url, "--out", str(out)]) == 0
    fields = yaml.safe_load((out / "fields.yaml").read_text())["fields"]
    assert {f["id"] for f in fields} == {"banking", "data-science", "cybersecurity"}
    transitions = yaml.safe_load((out / "transitions.yaml").read_text())["transitions"]
    assert {t["from"] for t in transitions} == {"banking", "any"}
    assert "cur:data-cert" in (out / "credentials.csv").read_text()
    assert "override" in (out / "credential_links.csv").read_text()
    overrides = yaml.safe_load((out / "link_overrides.yaml").read_text())["overrides"]
    assert {
        "cert_id": "cos:0103",
        "name": "Certified Bank Teller",
        "onet_codes": ["43-3071.00"],
        "replace": True,
    } in overrides


def test_export_nlu_gazetteer(fixture_dirs, tmp_path):
    url = _import(fixture_dirs, tmp_path)
    out = tmp_path / "nlu" / "gazetteer.json"
    assert main(["export-nlu", "--db", url, "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["version"] == 1
    entries = {(e["text"], e["label"], e["id"]) for e in data["entries"]}
    assert ("bank teller", "occupation", "field:banking") in entries
    assert ("bank teller", "occupation", "43-3071.00") in entries
    assert ("edsc", "credential", "cur:data-cert") in entries
    assert ("python", "skill", "skill:python") in entries
    assert len(entries) == len(data["entries"])  # no duplicates
    assert all(len(e["text"]) > 1 for e in data["entries"])


def test_link_precision_on_fixture_gold(fixture_dirs, tmp_path, capsys):
    sources, curated = fixture_dirs
    out = tmp_path / "link-precision.json"
    assert (
        main(
            [
                "link-precision",
                "--sources",
                str(sources),
                "--gold",
                str(curated / "link_gold.csv"),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    result = json.loads(out.read_text())
    assert result["test"]["certs"] == 1 and result["dev"]["certs"] == 1
    assert result["test"]["precision"] == 1.0  # the security certification links to the security analysts
    assert "precision" in capsys.readouterr().out


def test_bench_reports_percentiles(full_kb_url, capsys):
    assert main(["bench", "--db", full_kb_url, "--json", "-n", "20"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["queries"] == 20 and result["resolve_recommend_cpu_p95_ms"] > 0
    assert result["resolve_recommend_p50_ms"] <= result["resolve_recommend_p95_ms"] <= result["max_ms"]


def test_attribution(capsys):
    assert main(["attribution"]) == 0
    text = capsys.readouterr().out
    assert "O*NET 29.3" in text and "CC BY 4.0" in text and "CareerOneStop" in text and "ESCO" in text
    assert text.strip() == attribution.TEXT.strip()
