"""Offline-first place lookup: UK postcodes, US ZIP codes and towns, plus an optional online fallback."""
from geo.gazetteer import Gazetteer
from geo.online import GeocoderUnavailable
from geo.places import Place, PlaceNotFound

__all__ = ["Gazetteer", "GeocoderUnavailable", "Place", "PlaceNotFound"]
