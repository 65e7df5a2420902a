"""Where a place is: the offline gazetteer first, the online geocoder only when configured."""
from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from directory.models import GeocodeCache
from core.extensions import db
from geo import Place, PlaceNotFound


class PlaceLookupFailed(RuntimeError):
    """The online geocoder was needed but could not answer; the message is for the user."""


def gazetteer():
    """The app's gazetteer, opened once per process."""
    from geo import Gazetteer

    cache = current_app.extensions.setdefault("verity", {})
    if "gazetteer" not in cache:
        cache["gazetteer"] = Gazetteer(current_app.config["GAZETTEER_PATH"])
    return cache["gazetteer"]


class DatabaseCache:
    """The online geocoder's cache of found places, kept in the geocode_cache table."""

    def get(self, query: str) -> Place | None:
        """Return the cached Place for a normalised query, or None."""
        row = db.session.scalar(select(GeocodeCache).where(GeocodeCache.query == query[:200]))
        return Place(row.lat, row.lon, row.label, row.country, "city") if row else None

    def set(self, query: str, place: Place) -> None:
        """Remember a found place, in its own transaction so a failed request cannot undo it."""
        try:
            with db.engine.begin() as connection:
                connection.execute(GeocodeCache.__table__.insert().values(
                    query=query[:200], found=True, lat=place.lat, lon=place.lon, label=place.label[:200],
                    country=place.country))
        except IntegrityError:
            pass  # another request cached the same query first


def online_geocoder():
    """The configured online geocoder, or None when the site runs offline."""
    provider = current_app.config.get("GEOCODER")
    if not provider:
        return None
    from geo.online import OnlineGeocoder

    cache = current_app.extensions.setdefault("verity", {})
    if "online_geocoder" not in cache:
        config = current_app.config
        cache["online_geocoder"] = OnlineGeocoder(
            provider=provider, domain=config.get("GEOCODER_DOMAIN"), user_agent=config["GEOCODER_USER_AGENT"],
            timeout=config["GEOCODER_TIMEOUT"], scheme=config.get("GEOCODER_SCHEME", "https"),
            min_delay_seconds=config.get("GEOCODER_MIN_DELAY", 1.0))
    geocoder = cache["online_geocoder"]
    geocoder.cache = DatabaseCache()
    return geocoder


def find_place(text: str) -> Place:
    """Resolve what a user typed; raise PlaceNotFound (with suggestions) or PlaceLookupFailed."""
    try:
        return gazetteer().lookup(text, current_app.config.get("DEFAULT_COUNTRY", "GB"))
    except PlaceNotFound as not_found:
        geocoder = online_geocoder()
        if geocoder is None or not (text or "").strip():
            raise
        from geo.online import GeocoderUnavailable

        try:
            place = geocoder.geocode(text)
        except GeocoderUnavailable as error:
            raise PlaceLookupFailed(str(error)) from error
        if place is None:
            raise not_found
        return place

