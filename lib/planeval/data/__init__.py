"""Data layer: department files as received → validated, tidy plan tables."""
