"""Pure-Python Arabic text layer: canonical text, offsets, search normalisation, anchoring."""
