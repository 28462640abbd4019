"""Domain objects and errors: plain Python, standard library only."""
