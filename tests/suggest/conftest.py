"""Fixtures: the seeded workspace."""

from __future__ import annotations

import pytest

from annotator.services.workspace import Workspace


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    return workspace
