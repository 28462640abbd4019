"""Storage: the only package that knows SQL. Opens workspaces, migrates them, maps rows."""
