"""Concept aliases (`curated/concept_aliases.yaml`) → field aliases and `concept` occupation aliases.

People name roles O*NET has no title for ("web dev", "help desk analyst", "the Navy"); a counselor-curated
alias says which field or occupation such a phrase means. Field targets become ordinary field aliases;
occupation targets become occupation aliases with source `concept`, which the resolver ranks with O*NET's
own titles (they are curated, unlike ESCO's crosswalked labels). Kept apart from the other curated files
because it feeds resolution only.
"""

from __future__ import annotations

from pathlib import Path

from knowledge.importers.curated import CuratedRows, _load_yaml
from knowledge.importers.onet import OnetRows
from knowledge.importers.readers import ONET_CODE
from knowledge.importers.report import ImportReport
from knowledge.text import is_useful_alias, norm

SOURCE = "concept"


def load_concept_aliases(path: Path, onet: OnetRows, cur: CuratedRows, report: ImportReport) -> int:
    """Add the aliases of `path` to `cur.field_aliases` / `onet.aliases`; returns how many were added."""
    fields = {f["id"] for f in cur.fields}
    field_owner = {a["norm"]: a["field_id"] for a in cur.field_aliases}
    owner: dict[str, str] = {}  # alias norm -> target, across this file
    added = 0
    for item in _load_yaml(path, "concepts", report):
        target = str(item.get("target") or "") if isinstance(item, dict) else ""
        is_field = target.startswith("field:")
        if not (
            (is_field and target[6:] in fields) or (ONET_CODE.match(target) and target in onet.occupations)
        ):
            report.reject(path.name, "unknown_target", repr(item)[:200])
            continue
        for alias in item.get("aliases") or []:
            alias = str(alias).strip()
            n = norm(alias)
            if not is_useful_alias(alias):
                report.reject(path.name, "useless_alias", f"{target}: {alias!r}")
            elif n in field_owner:
                report.reject(path.name, "already_a_field_alias", f"{alias} (field {field_owner[n]})")
            elif n in owner:
                report.reject(path.name, "alias_for_two_targets", f"{alias}: {owner[n]}, {target}")
            else:
                owner[n] = target
                added += 1
                if is_field:
                    cur.field_aliases.append({"field_id": target[6:], "norm": n, "alias": alias})
                else:
                    onet.aliases.append(
                        {
                            "id": len(onet.aliases) + 1,
                            "occupation_code": target,
                            "alias": alias[:300],
                            "norm": n[:300],
                            "source": SOURCE,
                        }
                    )
    return added
