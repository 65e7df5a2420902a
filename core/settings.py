"""Settings read from the environment; called inside `create_app`, never at import."""
import base64
import os
import re
import secrets
from pathlib import Path

PRODUCTION_NAMES = {"production", "prod"}


class SettingsError(RuntimeError):
    """A setting the site cannot start without is missing or wrong."""


def is_production(environ) -> bool:
    """Return True when the deployment says it is production."""
    return environ.get("VERITY_ENV", "development").lower() in PRODUCTION_NAMES


def secret_key(environ, instance_path: str) -> str:
    """Return SECRET_KEY; in development make one once and keep it under instance/."""
    key = environ.get("SECRET_KEY")
    if key:
        return key
    if is_production(environ):
        raise SettingsError("SECRET_KEY must be set when VERITY_ENV=production.")
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def intake_key(environ, instance_path: str) -> str:
    """INTAKE_KEY, the key of patients' health answers; in development make one once and keep it under instance/.

    32 bytes in URL-safe base64. Production refuses to start without one: answers written under a
    generated key could not be read on another machine, and a lost key loses them all.
    """
    key = (environ.get("INTAKE_KEY") or "").strip()
    if not key and is_production(environ):
        raise SettingsError("INTAKE_KEY must be set when VERITY_ENV=production (32 random bytes in URL-safe base64: "
                            "python -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())').")
    if not key:
        key_file = Path(instance_path) / "intake_key"
        if not key_file.exists():
            key_file.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
            key_file.chmod(0o600)
        key = key_file.read_text().strip()
    try:
        if len(base64.urlsafe_b64decode(key.encode())) == 32:
            return key
    except ValueError:
        pass
    raise SettingsError("INTAKE_KEY must be 32 bytes in URL-safe base64 (44 characters ending in '=').")


def server_name(environ) -> str | None:
    """The site's host for links in emails; required in production, so a request's Host can never choose it."""
    name = environ.get("SERVER_NAME") or None
    if name is None and is_production(environ):
        raise SettingsError("SERVER_NAME must be set when VERITY_ENV=production (the host in emailed links, "
                            "e.g. verity.example).")
    return name


def database_url(environ, instance_path: str) -> str:
    """Return the SQLAlchemy URL, defaulting to SQLite under instance/."""
    url = environ.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'verity.db'}"
    # Hosted PostgreSQL often hands out postgres:// URLs; SQLAlchemy wants a driver name.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _int(environ, name: str, default: int) -> int:
    """Read an integer setting, refusing anything that is not a whole number."""
    raw = environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}.") from exc


def trusted_proxies(environ) -> int:
    """How many proxies stand in front of the app (0: none); each one's X-Forwarded-* entry is believed."""
    hops = _int(environ, "TRUSTED_PROXIES", 0)
    if hops < 0:
        raise SettingsError(f"TRUSTED_PROXIES must be 0 or more, not {hops}.")
    return hops


def _flag(environ, name: str, default: bool) -> bool:
    """Read a yes/no setting."""
    raw = environ.get(name)
    if raw in (None, ""):
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def default_country(environ) -> str:
    """The country a place name means on a tie ("Weymouth": England or Massachusetts): GB or US, GB unless set."""
    country = (environ.get("DEFAULT_COUNTRY") or "GB").strip().upper()
    if country not in {"GB", "US"}:
        raise SettingsError(f"DEFAULT_COUNTRY must be GB or US, not {country!r}.")
    return country


def redis_url(environ) -> str | None:
    """REDIS_URL: the one setting that makes several servers share the task queue and the rate limits."""
    url = (environ.get("REDIS_URL") or "").strip() or None
    if url and not url.startswith(("redis://", "rediss://")):
        raise SettingsError(f"REDIS_URL must start with redis:// or rediss://, not {url!r}.")
    return url


def ratelimit_storage(environ) -> str:
    """Where rate limits are counted: RATELIMIT_STORAGE_URI if set, else REDIS_URL's Redis, else this process.

    In memory, each gunicorn worker and each machine counts on its own, so N processes would allow N
    times the limit; on the shared Redis the limit holds however many servers answer.
    """
    return environ.get("RATELIMIT_STORAGE_URI") or redis_url(environ) or "memory://"


def ratelimit_storage_options(environ) -> dict:
    """A Redis that stops answering costs a request one second, not a hang, before the in-memory fallback."""
    if ratelimit_storage(environ).startswith("redis"):
        return {"socket_connect_timeout": 1, "socket_timeout": 1}
    return {}


def search_backend(environ) -> str:
    """SEARCH_BACKEND: "index" (in-memory, per worker), "postgis", or "auto" (PostGIS when the database has it)."""
    backend = (environ.get("SEARCH_BACKEND") or "auto").strip().lower()
    if backend not in {"auto", "index", "postgis"}:
        raise SettingsError(f"SEARCH_BACKEND must be auto, index or postgis, not {backend!r}.")
    return backend


def jurisdiction_list(environ, name: str) -> tuple[str, ...]:
    """A comma-separated list of jurisdiction codes ("GB-ENG, GB-WLS"), upper-cased; empty when unset."""
    codes = tuple(c.strip().upper() for c in (environ.get(name) or "").split(",") if c.strip())
    wrong = [c for c in codes if not re.fullmatch(r"[A-Z]{2}(-[A-Z0-9]{1,3})?", c)]
    if wrong:
        raise SettingsError(f"{name} must list codes such as GB-ENG or US, not {wrong[0]!r}.")
    return codes


def load(instance_path: str, environ=None) -> dict:
    """Build the Flask config dictionary from the environment."""
    environ = os.environ if environ is None else environ
    production = is_production(environ)
    return {
        "VERITY_ENV": "production" if production else "development",
        "SECRET_KEY": secret_key(environ, instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(environ, instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "MAX_CONTENT_LENGTH": _int(environ, "MAX_CONTENT_LENGTH", 8 * 1024 * 1024),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "SERVER_NAME": server_name(environ),
        # Proxy hops whose X-Forwarded-For/-Proto/-Host/-Port are believed: the client's address and https.
        "TRUSTED_PROXIES": trusted_proxies(environ),
        "RATELIMIT_STORAGE_URI": ratelimit_storage(environ),
        # Redis down: count in this process meanwhile (logins stay up, limits per process) rather than fail.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_KEY_PREFIX": "verity",
        "RATELIMIT_STORAGE_OPTIONS": ratelimit_storage_options(environ),
        "RATELIMIT_ENABLED": _flag(environ, "RATELIMIT_ENABLED", True),
        # Listing indexes up to this many clinics rebuild inside the search; larger ones in the background.
        "SEARCH_INDEX_SYNC_LIMIT": _int(environ, "SEARCH_INDEX_SYNC_LIMIT", 50_000),
        # Where radius search ranks: auto is PostGIS on PostgreSQL with the extension, else the in-memory index.
        "SEARCH_BACKEND": search_backend(environ),
        # Whole anonymous search pages and API answers are kept this long at most (0: off), within this size.
        "PAGE_CACHE_SECONDS": _int(environ, "PAGE_CACHE_SECONDS", 300),
        "PAGE_CACHE_MEGABYTES": _int(environ, "PAGE_CACHE_MEGABYTES", 32),
        "LOGIN_RATE_LIMIT": environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour"),
        "MAIL_SERVER": environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": _int(environ, "MAIL_PORT", 25),
        "MAIL_USERNAME": environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": environ.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _flag(environ, "MAIL_USE_TLS", False),
        "MAIL_USE_SSL": _flag(environ, "MAIL_USE_SSL", False),
        "MAIL_DEFAULT_SENDER": environ.get("MAIL_DEFAULT_SENDER", "Verity <no-reply@verity.local>"),
        "MAIL_OUTBOX": environ.get("MAIL_OUTBOX") or str(Path(instance_path) / "outbox"),
        # Delivery from the outbox table: attempts before an email is marked failed (pauses of 1, 5, 25... min),
        # and how long a worker's claim on an email lasts before another worker may take it over.
        "MAIL_MAX_ATTEMPTS": _int(environ, "MAIL_MAX_ATTEMPTS", 6),
        "MAIL_LEASE_SECONDS": _int(environ, "MAIL_LEASE_SECONDS", 300),
        # The task queue: SQLite under instance/ unless REDIS_URL names a shared Redis.
        "REDIS_URL": redis_url(environ),
        "TASK_QUEUE_PATH": environ.get("TASK_QUEUE_PATH") or str(Path(instance_path) / "tasks.sqlite3"),
        "EMAIL_TOKEN_MAX_AGE": _int(environ, "EMAIL_TOKEN_MAX_AGE", 3 * 24 * 3600),
        "RESET_TOKEN_MAX_AGE": _int(environ, "RESET_TOKEN_MAX_AGE", 3600),
        "EMAIL_CHANGE_MAX_AGE": _int(environ, "EMAIL_CHANGE_MAX_AGE", 24 * 3600),
        # Where the contact, privacy and complaints pages tell people to write (default hello@SERVER_NAME).
        "CONTACT_EMAIL": environ.get("CONTACT_EMAIL") or None,
        "DEFAULT_COUNTRY": default_country(environ),
        # Where the cosmetic licensing scheme is enforced (licensing/): elsewhere requirements say "not required yet".
        "LICENSING_IN_FORCE": jurisdiction_list(environ, "LICENSING_IN_FORCE"),
        "GAZETTEER_PATH": environ.get("GAZETTEER_PATH") or str(Path(instance_path) / "gazetteer.sqlite3"),
        "GEOCODER": environ.get("GEOCODER") or None,
        "GEOCODER_DOMAIN": environ.get("GEOCODER_DOMAIN") or None,
        "GEOCODER_USER_AGENT": environ.get("GEOCODER_USER_AGENT", "verity-directory/1.0"),
        "GEOCODER_TIMEOUT": _int(environ, "GEOCODER_TIMEOUT", 5),
        "MAP_TILE_URL": environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
        "UPLOAD_FOLDER": environ.get("UPLOAD_FOLDER") or str(Path(instance_path) / "uploads"),
        # The key of patients' health answers (intake/crypto.py); checked last, so other settings' errors come first.
        "INTAKE_KEY": intake_key(environ, instance_path),
    }
