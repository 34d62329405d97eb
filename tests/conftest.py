"""Shared fixtures. Data tests read ../shared/data and skip when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"
SAMPLE = SHARED / "samples" / "greys-anatomy-prom-chapter.txt"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return DATA


@pytest.fixture(scope="session")
def sample_path() -> Path:
    if not SAMPLE.is_file():
        pytest.skip("../shared/samples is not present")
    return SAMPLE


@pytest.fixture(scope="session")
def sample_analysis(sample_path: Path):
    import ficlens

    return ficlens.analyze(sample_path)
