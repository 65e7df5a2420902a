"""Optional online fallback through geopy's Nominatim, rate limited and cached, GB and US only."""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Protocol

from geopy import exc as geopy_exc
from geopy.adapters import RequestsAdapter
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from geo.places import MAX_QUERY_LENGTH, Place

DEFAULT_USER_AGENT = "verity-geo/1.0"
COUNTRY_CODES = ["gb", "us"]
_TOWN_FIELDS = ("city", "town", "village", "hamlet", "suburb", "municipality", "county")


class GeocoderUnavailable(Exception):
    """The online geocoder could not answer; ``message`` is safe to show to users."""

    def __init__(self, message: str = "The online place search is unavailable right now; please try again later."):
        """Keep the user-facing message on the exception."""
        self.message = message
        super().__init__(message)


class PlaceCache(Protocol):
    """What OnlineGeocoder needs from a cache; the app backs it with a database table."""

    def get(self, query: str) -> Place | None:
        """Return the place cached for a normalised query, or None."""

    def set(self, query: str, place: Place) -> None:
        """Remember the place found for a normalised query."""


class DictCache:
    """An in-memory, thread-safe, size-bounded PlaceCache (least recently used goes first)."""

    def __init__(self, max_entries: int = 1024):
        """Start empty, holding at most ``max_entries`` places."""
        self.max_entries = max_entries
        self._data: OrderedDict[str, Place] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, query: str) -> Place | None:
        """Return the cached place for a normalised query, or None."""
        with self._lock:
            place = self._data.get(query)
            if place is not None:
                self._data.move_to_end(query)
            return place

    def set(self, query: str, place: Place) -> None:
        """Remember a place, evicting the oldest entry when full."""
        with self._lock:
            self._data[query] = place
            self._data.move_to_end(query)
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        """Number of cached places."""
        return len(self._data)


def cache_key(text: str) -> str:
    """Normalise a query so "Leeds " and "leeds" share one cache entry."""
    return " ".join(text.split()).casefold()


class OnlineGeocoder:
    """Geocode free text with Nominatim (public or self-hosted), politely rate limited."""

    def __init__(self, provider: str = "nominatim", domain: str | None = None, scheme: str = "https",
                 user_agent: str = DEFAULT_USER_AGENT, timeout: float = 5, min_delay_seconds: float = 1.0,
                 cache: PlaceCache | None = None):
        """Configure the geocoder; nothing touches the network until ``geocode`` is called."""
        if provider != "nominatim":
            raise ValueError(f"Unsupported geocoding provider {provider!r}; only 'nominatim' is available.")
        options = {"domain": domain} if domain else {}
        # No retries, here or in the HTTP adapter below it: a web request should fail fast rather than
        # sleep through back-offs (the adapter's retries also turned a timeout into "unavailable").
        self._nominatim = Nominatim(user_agent=user_agent, timeout=timeout, scheme=scheme,
                                    adapter_factory=_adapter_without_retries, **options)
        self._geocode = RateLimiter(self._nominatim.geocode, min_delay_seconds=min_delay_seconds,
                                    max_retries=0, swallow_exceptions=False)
        self.cache = cache

    def geocode(self, text: str) -> Place | None:
        """Return the best GB or US match for ``text``, None when there is none.

        Raises GeocoderUnavailable when the service times out, errors or can't be reached.
        """
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_QUERY_LENGTH:
            return None
        key = cache_key(text)
        cached = self.cache.get(key) if self.cache is not None else None
        if cached is not None:
            return cached
        place = self._ask(key)
        if place is not None and self.cache is not None:
            self.cache.set(key, place)
        return place

    def _ask(self, query: str) -> Place | None:
        """Call Nominatim and translate every failure into GeocoderUnavailable."""
        try:
            location = self._geocode(query, exactly_one=True, addressdetails=True, country_codes=COUNTRY_CODES)
            return place_from_nominatim(location.raw) if location is not None else None
        except geopy_exc.GeocoderTimedOut as error:
            raise GeocoderUnavailable("The online place search took too long to answer; please try again.") from error
        except (geopy_exc.GeopyError, OSError, ValueError, KeyError, TypeError) as error:
            # Network failures, HTTP errors and malformed answers all mean "no answer today".
            raise GeocoderUnavailable() from error


def _adapter_without_retries(proxies=None, ssl_context=None) -> RequestsAdapter:
    """geopy's requests adapter with urllib3's retries switched off."""
    return RequestsAdapter(proxies=proxies, ssl_context=ssl_context, max_retries=0)


def place_from_nominatim(raw: dict) -> Place | None:
    """Turn one Nominatim JSON result into a Place, or None if it is outside GB and the US."""
    address = raw.get("address") or {}
    country = (address.get("country_code") or "").upper()
    if country not in ("GB", "US"):
        return None
    is_postcode = "postcode" in (raw.get("addresstype"), raw.get("type"))
    kind = ("zip" if country == "US" else "postcode") if is_postcode else "city"
    return Place(float(raw["lat"]), float(raw["lon"]), _label(raw, address, country, is_postcode), country, kind)


def _label(raw: dict, address: dict, country: str, is_postcode: bool) -> str:
    """Build a label in the gazetteer's style ("Leeds, England", "Beverly Hills, CA 90210")."""
    town = next((address[f] for f in _TOWN_FIELDS if address.get(f)), None)
    region = _region(address, country)
    postcode = address.get("postcode")
    if town is None:
        return ", ".join(raw.get("display_name", "").split(", ")[:3]) or "Unknown place"
    if is_postcode and postcode:
        return f"{town}, {region} {postcode}" if country == "US" else f"{postcode}, {town}"
    return f"{town}, {region}" if region else town


def _region(address: dict, country: str) -> str | None:
    """A US state's two-letter code, or a GB nation's name, from Nominatim's address parts."""
    iso = address.get("ISO3166-2-lvl4") or ""
    if country == "US" and iso.startswith("US-"):
        return iso[3:]
    return address.get("state")  # GB: "England", "Scotland", "Wales", "Northern Ireland"
