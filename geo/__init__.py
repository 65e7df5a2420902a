"""Offline-first place lookup: UK postcodes, US ZIP codes and towns, plus an optional online fallback."""
from geo.places import Place, PlaceNotFound

__all__ = ["Place", "PlaceNotFound"]
