"""Shared fixtures: where the source texts are, and the bundled rulesets."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO.parent / "shared" / "sources"


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """../shared/sources beside the repository (CI clones it there)."""
    if not SOURCES.is_dir():
        pytest.fail(f"source texts not found at {SOURCES}: clone the shared folder beside the repository")
    return SOURCES


@pytest.fixture(scope="session")
def dask_client():
    """A Dask cluster of two workers in this process (batch and replay on Dask)."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            yield client
