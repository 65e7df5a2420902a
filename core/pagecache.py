"""Whole responses of anonymous search pages, kept so a repeated search costs one small query, not a page build.

Only GET requests to the endpoints named at `install`, from visitors without a session or remember
cookie, are kept; a response that sets a cookie or touched the session (a flash, a form's CSRF token),
or is not a 200, is never kept. The key is the full URL with its query sorted, today's date and a
freshness token the app supplies (one plain query: it changes in the same commit as any booking,
hours or listing edit, and lives in the database, so every server sees it). An entry also ends at the
instant the view names with `good_until` (search: the first shown free time less the clinic's notice,
so a page never offers a time that can no longer be booked) and after PAGE_CACHE_SECONDS (0: off).

Entries live in this process (at most PAGE_CACHE_MEGABYTES, least recently used dropped first), or in
Redis when REDIS_URL is set, so several servers share them. Answers carry `X-Page-Cache: hit|miss` and
an ETag, so a browser that asks again with If-None-Match gets a 304.
"""
from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from flask import Response, current_app, request, session

from core import clock

HEADER = "X-Page-Cache"
KEY = "verity.page_cache.key"  # request.environ: this request's cache key, when it may be cached
UNTIL = "verity.page_cache.until"  # request.environ: the latest instant the view's answer stays true
HIT = "verity.page_cache.hit"
KEPT_TYPES = ("text/html", "application/json")
DROPPED_HEADERS = {"set-cookie", "content-length", "date", HEADER.lower(), "etag"}
REDIS_PREFIX = "verity:page:"


@dataclass(frozen=True)
class Entry:
    """One kept response: what the view answered and until when it stays true."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    etag: str
    expires_at: datetime

    def to_bytes(self) -> bytes:
        """A header line of JSON, then the body (for Redis)."""
        head = {"s": self.status, "h": self.headers, "e": self.etag, "x": self.expires_at.isoformat()}
        return json.dumps(head).encode() + b"\n" + self.body

    @classmethod
    def from_bytes(cls, raw: bytes) -> Entry:
        """The entry `to_bytes` wrote."""
        head, _, body = raw.partition(b"\n")
        fields = json.loads(head)
        return cls(fields["s"], tuple(map(tuple, fields["h"])), body, fields["e"],
                   datetime.fromisoformat(fields["x"]))


class MemoryStore:
    """Entries in this process, at most `limit` bytes of bodies; the least recently used go first."""

    def __init__(self, limit: int):
        self.limit, self.used = limit, 0
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        """The entry, marked as just used."""
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry, _seconds: float) -> None:
        """Keep the entry, dropping the least recently used ones beyond the limit."""
        if len(entry.body) > self.limit:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            self.used += len(entry.body) - (len(old.body) if old else 0)
            self.entries[key] = entry
            while self.used > self.limit:
                _, dropped = self.entries.popitem(last=False)
                self.used -= len(dropped.body)


class RedisStore:
    """Entries in a Redis every server shares; a Redis that fails only means a page is built again."""

    def __init__(self, url: str):
        import redis

        self.errors = redis.RedisError
        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)

    def get(self, key: str) -> Entry | None:
        """The entry, or None when missing or Redis cannot be reached."""
        try:
            raw = self.client.get(REDIS_PREFIX + key)
        except self.errors:
            return None
        return Entry.from_bytes(raw) if raw else None

    def put(self, key: str, entry: Entry, seconds: float) -> None:
        """Keep the entry for `seconds` (Redis drops it then, whatever the app's clock says)."""
        try:
            self.client.set(REDIS_PREFIX + key, entry.to_bytes(), px=max(1, int(seconds * 1000)))
        except self.errors:
            pass


@dataclass
class PageCache:
    """The app's page cache: which endpoints, where entries live, and the freshness token."""

    endpoints: frozenset[str]
    token: Callable[[], str]
    store: MemoryStore | RedisStore
    seconds: int

    def applies(self) -> bool:
        """True for a GET of a kept endpoint by a visitor without a session (nothing per user to leak)."""
        if self.seconds <= 0 or request.method != "GET" or request.endpoint not in self.endpoints:
            return False
        config = current_app.config
        cookies = request.cookies
        return (config["SESSION_COOKIE_NAME"] not in cookies
                and config.get("REMEMBER_COOKIE_NAME", "remember_token") not in cookies)

    def key(self) -> str:
        """The URL with its query sorted by name, today's date and the freshness token, hashed.

        The sort is stable: repeated names keep their order, since a view reads the first of them.
        """
        query = urlencode(sorted(request.args.items(multi=True), key=lambda pair: pair[0]))
        text = f"{request.base_url}?{query}|{clock.today().isoformat()}|{self.token()}"
        return hashlib.sha256(text.encode()).hexdigest()


def good_until(instant: datetime | None) -> None:
    """Say this request's answer stops being true at `instant` (None: nothing in it expires)."""
    if instant is not None:
        earlier = request.environ.get(UNTIL)
        request.environ[UNTIL] = instant if earlier is None else min(earlier, instant)


def serve_kept():
    """before_request: answer from a kept entry when there is a live one; otherwise note the key."""
    cache: PageCache = current_app.extensions["page_cache"]
    if not cache.applies():
        return None
    key = cache.key()
    request.environ[KEY] = key
    entry = cache.store.get(key)
    if entry is None or entry.expires_at <= clock.now():
        return None
    request.environ[HIT] = True
    response = Response(entry.body, status=entry.status, headers=list(entry.headers))
    return _finish(response, entry.etag, "hit")


def keep(response: Response) -> Response:
    """after_request: keep a response that may be kept, and say whether it was served from the cache."""
    key = request.environ.get(KEY)
    if key is None or request.environ.get(HIT):
        return response
    expires_at = _expiry(current_app.extensions["page_cache"].seconds)
    if not _keepable(response) or expires_at is None:
        response.headers[HEADER] = "miss"
        return response
    body = response.get_data()
    entry = Entry(response.status_code, tuple((k, v) for k, v in response.headers.items()
                                              if k.lower() not in DROPPED_HEADERS),
                  body, hashlib.blake2b(body, digest_size=12).hexdigest(), expires_at)
    current_app.extensions["page_cache"].store.put(key, entry, (expires_at - clock.now()).total_seconds())
    return _finish(response, entry.etag, "miss")


def _expiry(seconds: int) -> datetime | None:
    """When an entry made now ends: after `seconds`, or sooner if the view said so; None if already over."""
    now = clock.now()
    until = min(now + timedelta(seconds=seconds), request.environ.get(UNTIL) or now + timedelta(seconds=seconds))
    return until if until > now else None


def _keepable(response: Response) -> bool:
    """A plain 200 page or JSON document that sets no cookie and left the session untouched."""
    return (response.status_code == 200 and not response.direct_passthrough and response.mimetype in KEPT_TYPES
            and "Set-Cookie" not in response.headers and not session.modified)


def _finish(response: Response, etag: str, state: str) -> Response:
    """Add the ETag and the cache header; a matching If-None-Match turns it into a 304."""
    response.set_etag(etag)
    response.headers[HEADER] = state
    return response.make_conditional(request)


def install(app, endpoints: Iterable[str], token: Callable[[], str]) -> None:
    """Keep whole answers of these endpoints for anonymous visitors; `token()` changes when their data does."""
    seconds = app.config.get("PAGE_CACHE_SECONDS", 300)
    redis_url = app.config.get("REDIS_URL")
    store = RedisStore(redis_url) if redis_url else MemoryStore(app.config.get("PAGE_CACHE_MEGABYTES", 32) << 20)
    app.extensions["page_cache"] = PageCache(frozenset(endpoints), token, store, seconds)
    app.before_request(serve_kept)
    app.after_request(keep)
