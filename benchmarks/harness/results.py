"""The results files: ``benchmarks/results/<benchmark>-<date>[<variant>].json``, every sample kept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parents[1] / "results"


def results_path(benchmark: str, date: str, variant: str = "") -> Path:
    return RESULTS_DIR / f"{benchmark}-{date}{variant}.json"


def results_write(results: dict[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return path


def options(args: Any) -> dict[str, Any]:
    """The command-line options of a run, as JSON values."""
    return {key: (str(value) if isinstance(value, Path) else value) for key, value in vars(args).items()}
