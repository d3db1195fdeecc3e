"""Copy the open data the knowledge base uses from a raw data folder into `knowledge/sources/`.

Run once by a maintainer (`python -m knowledge vendor --from /path/to/shared/data`). It keeps only the
files and columns the importer reads, gzips them (`gzip -n` style: no timestamp, so re-running gives
identical bytes) and appends a "Compaction" note to each copied `SOURCE.md`, so the repository stays
small (~10 MB) while every value stays traceable to its origin.
"""

from __future__ import annotations

import csv
import gzip
import io
import shutil
from pathlib import Path

# Columns kept from the O*NET rating tables (Skills, Knowledge): the vendored header the importer reads.
ONET_RATING_COLUMNS = [
    "O*NET-SOC Code",
    "Element ID",
    "Element Name",
    "Scale ID",
    "Data Value",
    "Recommend Suppress",
    "Not Relevant",
]
# Columns kept from CareerOneStop's certification finder, in vendored order.
CERTIFICATION_COLUMNS = [
    "CERT_ID",
    "CERT_NAME",
    "URL",
    "ACRONYM",
    "KEYWORD",
    "TRAINING",
    "EXAM",
    "RENEWAL",
    "CEU",
    "REEXAM",
    "CPD",
    "TYPE",
    "ORG_ID",
    "ORG_NAME",
    "ORG_WEBPAG",
    "ORG ACRONYM",
    "CERT_DESCRIPTION",
]

# Columns and rows kept from O*NET Education, Training, and Experience: only the required-education
# distribution (scale RL) is read; work experience and training scales are not used.
ONET_EDUCATION_COLUMNS = [
    "O*NET-SOC Code",
    "Scale ID",
    "Category",
    "Data Value",
    "N",
    "Recommend Suppress",
    "Date",
    "Domain Source",
]
ONET_EDUCATION_CATEGORY_COLUMNS = ["Scale ID", "Category", "Category Description"]
ONLY_RL = {"delimiter": "\t", "where": {"Scale ID": "RL"}}

# dataset folder -> list of (source file, target file, columns to keep or None for all, reader options;
# "where" keeps only rows whose columns equal the given values)
PLAN: dict[str, list[tuple[str, str, list[str] | None, dict]]] = {
    "onet_29_3": [
        ("Occupation Data.txt", "occupation_data.tsv.gz", None, {"delimiter": "\t"}),
        (
            "Alternate Titles.txt.gz",
            "alternate_titles.tsv.gz",
            ["O*NET-SOC Code", "Alternate Title", "Short Title", "Source(s)"],
            {"delimiter": "\t"},
        ),
        (
            "Sample of Reported Titles.txt",
            "reported_titles.tsv.gz",
            ["O*NET-SOC Code", "Reported Job Title", "Shown in My Next Move"],
            {"delimiter": "\t"},
        ),
        (
            "Related Occupations.txt",
            "related_occupations.tsv.gz",
            ["O*NET-SOC Code", "Related O*NET-SOC Code", "Relatedness Tier", "Index"],
            {"delimiter": "\t"},
        ),
        (
            "Skills.txt.gz",
            "skills.tsv.gz",
            ONET_RATING_COLUMNS,
            {"delimiter": "\t"},
        ),
        (
            "Knowledge.txt.gz",
            "knowledge.tsv.gz",
            ONET_RATING_COLUMNS,
            {"delimiter": "\t"},
        ),
        (
            "Technology Skills.txt",
            "technology_skills.tsv.gz",
            ["O*NET-SOC Code", "Example", "Commodity Code", "Commodity Title", "Hot Technology", "In Demand"],
            {"delimiter": "\t"},
        ),
        ("Job Zones.txt", "job_zones.tsv.gz", ["O*NET-SOC Code", "Job Zone"], {"delimiter": "\t"}),
        ("Job Zone Reference.txt", "job_zone_reference.tsv.gz", None, {"delimiter": "\t"}),
        (
            "Education, Training, and Experience.txt.gz",
            "education.tsv.gz",
            ONET_EDUCATION_COLUMNS,
            ONLY_RL,
        ),
        (
            "Education, Training, and Experience Categories.txt",
            "education_categories.tsv.gz",
            ONET_EDUCATION_CATEGORY_COLUMNS,
            ONLY_RL,
        ),
    ],
    "careeronestop_certifications": [
        (
            "certification_finder.csv",
            "certification_finder.csv.gz",
            CERTIFICATION_COLUMNS,
            {},
        ),
    ],
    "esco_v1_2": [
        (
            "occupations_en.csv",
            "occupations_en.csv.gz",
            ["conceptUri", "iscoGroup", "preferredLabel", "altLabels", "code"],
            {},
        ),
    ],
    "nesta_mapping_career_causeways": [
        (
            "ONET_ESCO_crosswalk/esco_onet_crosswalk_Nov2020.csv",
            "esco_onet_crosswalk_Nov2020.csv.gz",
            None,
            {},
        ),
    ],
    "onet_soc_2010_to_2019_crosswalk": [
        (
            "2010_to_2019_Crosswalk.csv",
            "2010_to_2019_crosswalk.csv.gz",
            None,
            {"delimiter": ";", "encoding": "utf-8-sig"},
        ),
    ],
}
EXTRA_FILES = {"nesta_mapping_career_causeways": ["LICENSE_nesta_repo_MIT.txt"]}


def _open_text(path: Path, encoding: str):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding=encoding, newline="")
    return path.open(encoding=encoding, newline="")


def compact_file(
    src: Path,
    dst: Path,
    columns: list[str] | None,
    delimiter: str = ",",
    encoding: str = "utf-8",
    where: dict[str, str] | None = None,
) -> int:
    """Rewrite `src` to gzip `dst`, keeping `columns` (header kept) and the rows matching `where`.

    Returns the number of data rows written.
    """
    out_delim = "\t" if dst.name.endswith(".tsv.gz") else ","
    buf = io.StringIO()
    with _open_text(src, encoding) as fh:
        reader = csv.DictReader(
            fh, delimiter=delimiter, quoting=csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
        )
        cols = columns or list(reader.fieldnames or [])
        writer = csv.writer(
            buf,
            delimiter=out_delim,
            lineterminator="\n",
            quoting=csv.QUOTE_NONE if out_delim == "\t" else csv.QUOTE_MINIMAL,
            escapechar="\\" if out_delim == "\t" else None,
        )
        writer.writerow(cols)
        n = 0
        for row in reader:
            if where and any(row.get(k) != v for k, v in where.items()):
                continue
            writer.writerow([row.get(c, "") for c in cols])
            n += 1
    dst.parent.mkdir(parents=True, exist_ok=True)
    with dst.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(buf.getvalue().encode("utf-8"))
    return n


def vendor(data_dir: Path, out_dir: Path) -> list[str]:
    """Copy and compact every planned dataset; returns log lines."""
    log: list[str] = []
    for dataset, files in PLAN.items():
        src_dir, dst_dir = data_dir / dataset, out_dir / dataset
        dst_dir.mkdir(parents=True, exist_ok=True)
        notes = []
        for src_name, dst_name, cols, opts in files:
            n = compact_file(
                src_dir / src_name,
                dst_dir / dst_name,
                cols,
                delimiter=opts.get("delimiter", ","),
                encoding=opts.get("encoding", "utf-8"),
                where=opts.get("where"),
            )
            kept = "all columns" if cols is None else "columns " + ", ".join(cols)
            if opts.get("where"):
                kept += "; only rows with " + ", ".join(f"{k} = {v}" for k, v in opts["where"].items())
            notes.append(f"- `{dst_name}` from `{src_name}`: {n} data rows, {kept}; gzip-compressed.")
            log.append(f"{dataset}/{dst_name}: {n} rows")
        for extra in EXTRA_FILES.get(dataset, []):
            shutil.copyfile(src_dir / extra, dst_dir / extra)
        source_md = (src_dir / "SOURCE.md").read_text(encoding="utf-8")
        source_md += (
            "\n\n## Compaction for the Pivot repository\n"
            "Copied by `python -m knowledge vendor`. Only the files and columns the knowledge base "
            "reads were kept; rows and values are unchanged (tab files are written without quoting, "
            "as O*NET's own text files).\n" + "\n".join(notes) + "\n"
        )
        (dst_dir / "SOURCE.md").write_text(source_md, encoding="utf-8")
    return log
