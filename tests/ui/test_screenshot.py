"""``annotator screenshot`` renders the real window offscreen, in both languages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from annotator.services.workspace import Workspace


def test_screenshot_command_in_arabic_and_english(workspace: Workspace, seed_article_id: str,
                                                  db_path: Path, tmp_path: Path) -> None:
    claim = workspace.add_claim(seed_article_id, quote="أن مهاجمين أطلقوا عدة صواريخ",
                                carriers=["رويترز"], status_id="in_progress")
    workspace.close()
    for lang in ("ar", "en"):
        out = tmp_path / f"window-{lang}.png"
        result = subprocess.run(
            [sys.executable, "-m", "annotator", "screenshot", "--db", str(db_path),
             "--article", seed_article_id[:8], "--out", str(out), "--size", "1200x800",
             "--lang", lang, "--select", claim.id[:8]],
            capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 0, result.stderr
        image = QImage(str(out))
        assert (image.width(), image.height()) == (1200, 800)
