"""Exports: curated data for counselor review, and the NLU gazetteer (ARCHITECTURE.md)."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from pathlib import Path

import yaml
from sqlalchemy import create_engine, select

from knowledge import models as m
from knowledge.db import sync_url
from knowledge.text import is_useful_alias, norm, slugify


def _grouped(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """(key, value) rows as key -> values, keeping row order (the queries' ORDER BY is the file order)."""
    groups: dict[str, list[str]] = {}
    for key, value in pairs:
        groups.setdefault(key, []).append(value)
    return groups


def export_curated(url: str, out: Path) -> list[Path]:
    """Write fields.yaml, transitions.yaml, credentials.csv and credential_links.csv from the database."""
    out.mkdir(parents=True, exist_ok=True)
    engine = create_engine(sync_url(url))
    written = []
    try:
        with engine.connect() as conn:
            aliases = _grouped(
                conn.execute(
                    select(m.FieldAlias.field_id, m.FieldAlias.alias).order_by(
                        m.FieldAlias.field_id, m.FieldAlias.alias
                    )
                )
            )
            codes = _grouped(
                conn.execute(
                    select(m.FieldOccupation.field_id, m.FieldOccupation.occupation_code).order_by(
                        m.FieldOccupation.field_id, m.FieldOccupation.position
                    )
                )
            )
            fields = [
                {
                    "id": f.id,
                    "name": f.name,
                    "aliases": aliases.get(f.id, []),
                    "onet_codes": codes.get(f.id, []),
                    "description": f.description,
                }
                for f in conn.execute(select(m.Field).order_by(m.Field.id))
            ]
            steps = _grouped(
                conn.execute(
                    select(m.TransitionStep.transition_id, m.TransitionStep.text).order_by(
                        m.TransitionStep.transition_id, m.TransitionStep.position
                    )
                )
            )
            transitions = [
                {
                    "id": t.id,
                    "from": t.from_field_id or "any",
                    "to": t.to_field_id,
                    "summary": t.summary,
                    "first_steps": steps.get(t.id, []),
                }
                for t in conn.execute(select(m.Transition).order_by(m.Transition.id))
            ]
            for name, key, data in (
                ("fields.yaml", "fields", fields),
                ("transitions.yaml", "transitions", transitions),
            ):
                path = out / name
                path.write_text(
                    yaml.safe_dump({key: data}, sort_keys=False, allow_unicode=True, width=110),
                    encoding="utf-8",
                )
                written.append(path)
            cols = [c.key for c in m.Credential.__table__.columns if c.key not in ("description", "keywords")]
            tmap = _grouped(
                conn.execute(
                    select(m.CredentialTransition.credential_id, m.CredentialTransition.transition_id)
                )
            )
            path = out / "credentials.csv"
            with path.open("w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                w.writerow([*cols, "transitions"])
                for row in conn.execute(
                    select(*[getattr(m.Credential, c) for c in cols])
                    .where(m.Credential.curated.is_(True))
                    .order_by(m.Credential.id)
                ):
                    w.writerow([*row, ";".join(sorted(tmap.get(row[0], [])))])
            written.append(path)
            path = out / "credential_links.csv"
            with path.open("w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(["credential_id", "credential_name", "onet_code", "onet_title", "method", "score"])
                stmt = (
                    select(
                        m.CredentialOccupation.credential_id,
                        m.Credential.name,
                        m.CredentialOccupation.occupation_code,
                        m.Occupation.title,
                        m.CredentialOccupation.method,
                        m.CredentialOccupation.score,
                    )
                    .join(m.Credential, m.Credential.id == m.CredentialOccupation.credential_id)
                    .join(m.Occupation, m.Occupation.code == m.CredentialOccupation.occupation_code)
                    .where(m.CredentialOccupation.method.in_(("override", "auto")))
                    .order_by(m.CredentialOccupation.credential_id, m.CredentialOccupation.score.desc())
                )
                links = conn.execute(stmt).all()
                w.writerows(links)
            written.append(path)
            written.append(_write_overrides(out / "link_overrides.yaml", links))
    finally:
        engine.dispose()
    return written


def _write_overrides(path: Path, links) -> Path:
    """Overrides in the input format of `curated/link_overrides.yaml`; `replace` is true when no automatic
    link survived next to the override links (which is what `replace: true` does on import)."""
    by_cred: dict[str, dict] = {}
    for cid, name, code, _title, method, _score in links:
        entry = by_cred.setdefault(cid, {"cert_id": cid, "name": name, "onet_codes": [], "auto": False})
        if method == "override":
            entry["onet_codes"].append(code)
        else:
            entry["auto"] = True
    overrides = [
        {"cert_id": e["cert_id"], "name": e["name"], "onet_codes": e["onet_codes"], "replace": not e["auto"]}
        for e in by_cred.values()
        if e["onet_codes"]
    ]
    path.write_text(
        yaml.safe_dump({"overrides": overrides}, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return path


_PARENS = re.compile(r"\s*\([^)]*\)")


def short_names(name: str, provider: str | None) -> list[str]:
    """Shorter ways people name a credential: without the bracketed part ("CompTIA Security+"), and without
    the issuer's name when what is left is still specific ("Security+")."""
    out = []
    bare = _PARENS.sub("", name).strip()
    if bare and bare != name:
        out.append(bare)
    first = (provider or "").split(" ")[0].lower()
    words = bare.split()
    if first and len(words) > 1 and words[0].lower() == first and len(words) <= 3:
        rest = " ".join(words[1:])
        if len(rest) > 3:
            out.append(rest)
    return out


def gazetteer(url: str) -> dict:
    """Entries for the NLU entity matcher: occupations, fields, credentials and skills, de-duplicated."""
    entries: list[dict] = []
    seen: set[tuple[str, str, str]] = set()

    def add(text: str | None, label: str, id_: str) -> None:
        if not text or not is_useful_alias(text):
            return
        t = " ".join(text.lower().split())
        key = (norm(t), label, id_)
        if key in seen:
            return
        seen.add(key)
        entries.append({"text": t, "label": label, "id": id_})

    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            for fid, name in conn.execute(select(m.Field.id, m.Field.name).order_by(m.Field.id)):
                add(name, "occupation", f"field:{fid}")
            for fid, alias, n in conn.execute(
                select(m.FieldAlias.field_id, m.FieldAlias.alias, m.FieldAlias.norm).order_by(
                    m.FieldAlias.field_id, m.FieldAlias.alias
                )
            ):
                if not n.startswith("="):  # case-sensitive acronyms ("IT") would match every "it"
                    add(alias, "occupation", f"field:{fid}")
            for code, title in conn.execute(
                select(m.Occupation.code, m.Occupation.title).order_by(m.Occupation.code)
            ):
                add(title, "occupation", code)
            for code, alias in conn.execute(
                select(m.OccupationAlias.occupation_code, m.OccupationAlias.alias).order_by(
                    m.OccupationAlias.occupation_code, m.OccupationAlias.id
                )
            ):
                add(alias, "occupation", code)
            for cid, name, acronym, provider in conn.execute(
                select(
                    m.Credential.id, m.Credential.name, m.Credential.acronym, m.Credential.provider
                ).order_by(m.Credential.curated.desc(), m.Credential.id)
            ):
                add(name, "credential", cid)
                if acronym and len(acronym) > 1:
                    add(acronym, "credential", cid)
                for short in short_names(name, provider):
                    add(short, "credential", cid)
            for name, kind, hot in conn.execute(
                select(m.Element.name, m.Element.kind, m.Element.hot).order_by(m.Element.kind, m.Element.name)
            ):
                if kind != "technology" or hot:
                    add(name, "skill", f"skill:{slugify(name)}")
    finally:
        engine.dispose()
    return {"version": 1, "entries": entries}


def write_gazetteer(url: str, out: Path) -> int:
    data = gazetteer(url)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(data["entries"])
