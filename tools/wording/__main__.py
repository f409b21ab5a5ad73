"""``python -m tools.wording``: print the readability and copy-check figures."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from explorer.model.content import load_catalog
from tools.wording import (
    MAX_AVERAGE_GRADE,
    average_grade,
    pooled_grade,
    python_strings,
    shared_runs,
    yaml_strings,
)

ROOT = Path(__file__).resolve().parents[2]
BRIEFS = ROOT.parent / "shared" / "domain"


def main() -> int:
    """Print the average grade, the hardest fields and any copied runs; 1 if a rule fails."""
    content = ROOT / "trigger_points.yaml"
    catalog = load_catalog(content)
    mean, grades = average_grade(catalog)
    print(f"patient fields: {len(grades)}, average Flesch-Kincaid grade {mean:.2f}")
    print(f"all patient text as one document: grade {pooled_grade(catalog):.2f}")
    for name, value in grades[:10]:
        print(f"  {value:5.1f}  {name}")
    failed = mean > MAX_AVERAGE_GRADE
    data = yaml.safe_load(content.read_text(encoding="utf-8"))
    data.pop("sources", None)  # citations: titles and addresses must match their works
    texts = [*yaml_strings(data)]
    texts += python_strings(ROOT / "explorer")
    for brief in ("brief.md", "anatomy.md"):
        path = BRIEFS / brief
        if not path.is_file():
            print(f"{brief}: not found beside the repository; copy check skipped")
            continue
        runs = shared_runs(texts, path.read_text(encoding="utf-8"))
        print(f"{brief}: {len(runs)} shared run(s) of 12+ words")
        for where, run in runs:
            print(f"  {where}: {run}")
        failed = failed or bool(runs)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
