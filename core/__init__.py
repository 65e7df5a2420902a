"""Verity core: what every domain shares, with no domain words at all."""
