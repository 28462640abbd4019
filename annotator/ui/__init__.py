"""The Qt shell: all PySide6 code lives here and talks to ``services`` only."""
