"""Fixtures: the seeded workspace with the taxonomy schema step applied."""

from __future__ import annotations

import pytest

from annotator.services.workspace import Workspace
from tests.taxonomy.support import ensure_schema


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    return ensure_schema(workspace)
