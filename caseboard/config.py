"""Settings, read from ``CASEBOARD_*`` environment variables.

Every value has a default that works on a laptop with nothing installed: SQLite
under the instance folder, a secret key generated once and kept there.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY_FILE = "secret_key"


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"CASEBOARD_{name}", default)


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def instance_path() -> Path:
    return Path(_env("INSTANCE_PATH") or PROJECT_ROOT / "instance").resolve()


def normalize_database_url(url: str) -> str:
    """Let people paste the URL their hosting gives them.

    ``postgres://`` and ``postgresql://`` select psycopg 2 in SQLAlchemy; this
    project ships psycopg 3.
    """
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def persistent_secret_key(folder: Path) -> str:
    """Return the key stored in the instance folder, creating it on first use.

    A key generated per process would sign a user out whenever a second worker
    answered, so it is written to disk (readable by the owner only).
    """
    path = folder / SECRET_KEY_FILE
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def _engine_options(url: str) -> dict:
    options: dict = {"pool_pre_ping": True}
    if url.startswith("postgresql"):
        # Short queries: JIT compilation cost more than it saved (100 ms on
        # a neighbourhood query whose plan costs looked large).
        options["connect_args"] = {"options": "-c jit=off"}
    return options


class Config:
    def __init__(self) -> None:
        folder = instance_path()
        self.INSTANCE_PATH = str(folder)
        self.SECRET_KEY = _env("SECRET_KEY") or persistent_secret_key(folder)
        self.SECRET_KEY_FROM_ENV = _env("SECRET_KEY") is not None
        # Keys the audit chain (caseboard/keys.py); without it the chain is
        # keyed from the secret key. Keep a copy offline (README, "Audit").
        self.AUDIT_KEY = _env("AUDIT_KEY") or None
        self.SQLALCHEMY_DATABASE_URI = normalize_database_url(
            _env("DATABASE_URL") or f"sqlite:///{folder / 'caseboard.db'}"
        )
        self.SQLALCHEMY_ENGINE_OPTIONS = _engine_options(self.SQLALCHEMY_DATABASE_URI)
        self.DEBUG = _env_bool("DEBUG", False)
        self.WORKERS = int(_env("WORKERS", "1") or 1)
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES", False)
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.WTF_CSRF_TIME_LIMIT = (
            None  # a form left open through a meeting still posts
        )
        # Refuse huge request bodies before parsing them; the CSV import checks
        # its own, smaller limit with a clearer message.
        self.MAX_CONTENT_LENGTH = 16 * 1024 * 1024
        self.PAGE_SIZE = int(_env("PAGE_SIZE", "25") or 25)
        self.TASK_PAGE_SIZE = int(_env("TASK_PAGE_SIZE", "50") or 50)
        # The coalition's time zone: meeting times are typed and shown in it.
        self.TIMEZONE = _env("TIMEZONE", "UTC") or "UTC"
        # The coalition an installation's first data belongs to.
        self.DEFAULT_COALITION = (
            _env("DEFAULT_COALITION") or ""
        ).strip() or "Coalition"
        try:
            ZoneInfo(self.TIMEZONE)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(
                f"CASEBOARD_TIMEZONE={self.TIMEZONE!r} is not a time zone; "
                "use a name like 'America/New_York' or 'Europe/London'."
            ) from error
        # Run background jobs in a thread of the web process (zero set-up);
        # turn off when a `caseboard worker` process runs them.
        self.JOBS_IN_PROCESS = _env_bool("JOBS_IN_PROCESS", True)
        # Without Redis, the queue is a SQLite file every process of one host
        # shares (default: jobs.db in the instance folder).
        self.JOBS_FILE = _env("JOBS_FILE") or None
        self.SQLITE_BUSY_TIMEOUT_MS = int(_env("SQLITE_BUSY_TIMEOUT_MS", "30000") or 0)
        # Signing in and sessions (README, "Security").
        self.LOCKOUT_ATTEMPTS = int(_env("LOCKOUT_ATTEMPTS", "5") or 5)
        self.LOCKOUT_WINDOW_MINUTES = int(_env("LOCKOUT_WINDOW_MINUTES", "15") or 15)
        self.LOCKOUT_MINUTES = int(_env("LOCKOUT_MINUTES", "30") or 30)
        self.SESSION_IDLE_MINUTES = int(_env("SESSION_IDLE_MINUTES", "30") or 30)
        self.SESSION_MAX_HOURS = int(_env("SESSION_MAX_HOURS", "12") or 12)
        # "Keep me signed in" keeps the cookie this long at most.
        self.PERMANENT_SESSION_LIFETIME = timedelta(hours=self.SESSION_MAX_HOURS)
        self.REQUIRE_MFA_FOR_ADMINS = _env_bool("REQUIRE_MFA_FOR_ADMINS", True)
        self.SIGN_IN_BANNER = (_env("SIGN_IN_BANNER", "") or "").strip()
        # How many reverse proxies stand in front (their X-Forwarded-For and
        # -Proto are trusted): rate limits go by the client's address.
        self.PROXY_COUNT = int(_env("PROXY_COUNT", "0") or 0)
        # Sign-in attempts per client address. In Redis every worker shares
        # the count; in memory each worker counts its own.
        self.REDIS_URL = _env("REDIS_URL") or None
        # Email (README, "Notifications"): smtp://user:password@host:587
        # (STARTTLS) or smtps://…:465 (SSL). Unset: mail is written to the
        # instance folder's outbox and listed for administrators.
        self.SMTP_URL = _env("SMTP_URL") or None
        self.MAIL_FROM = _env("MAIL_FROM", "caseboard@localhost") or ""
        self.MAIL_RETRY_SECONDS = int(_env("MAIL_RETRY_SECONDS", "60") or 0)
        # Off: notifications stay in the app, nothing is mailed.
        self.MAIL_NOTIFICATIONS = _env_bool("MAIL_NOTIFICATIONS", True)
        # Where links in mail point (the address users open the app at).
        self.BASE_URL = (_env("BASE_URL", "http://127.0.0.1:5000") or "").rstrip("/")
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "memory://"
        self.RATELIMIT_SIGN_IN = (
            _env("RATELIMIT_SIGN_IN", "10 per minute;100 per hour") or "10 per minute"
        )
        # Requests per API token (caseboard/api/tokens.py), in the same store.
        self.RATELIMIT_API = (
            _env("RATELIMIT_API", "120 per minute;5000 per hour") or "120 per minute"
        )
        self.RATELIMIT_KEY_PREFIX = "caseboard"
        self.RATELIMIT_HEADERS_ENABLED = True
        # Redis down: count in memory rather than refuse every sign-in.
        self.RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
        self.RATELIMIT_SWALLOW_ERRORS = True
        self.AUDIT_READS = audit_reads_default(self.SQLALCHEMY_DATABASE_URI)
        # The agency's own basemap (README, "Maps"): a tile URL template
        # (https://tiles.agency.example/{z}/{x}/{y}.png) or a WMS endpoint
        # (wms:https://gis.agency.example/wms?layers=streets). Unset: a plain
        # background with the coalition's reference layers, no network.
        self.MAP_TILES = (_env("MAP_TILES", "") or "").strip()
        self.MAP_ATTRIBUTION = (_env("MAP_ATTRIBUTION", "") or "").strip()
        self.MAP_TILE_ORIGIN = tile_origin(self.MAP_TILES)
        # The coalition's own reference layers, GeoJSON files under static/
        # (space-separated; "" for none). The default is the demo's generated
        # Harbor City streets (scripts/map_streets.py).
        self.MAP_REFERENCE_LAYERS = (
            _env("MAP_REFERENCE_LAYERS", "data/harbor-city-streets.geojson") or ""
        ).split()


def tile_origin(tiles: str) -> str:
    """The scheme and host a tile setting loads images from ("" for none),
    for the Content-Security-Policy's img-src."""
    parts = urlsplit(tiles.removeprefix("wms:"))
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        if tiles:
            raise ValueError(
                f"CASEBOARD_MAP_TILES={tiles!r} is not an http(s) URL; use a tile "
                "template like https://tiles.example/{z}/{x}/{y}.png or "
                "wms:https://gis.example/wms?layers=streets."
            )
        return ""
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}"


def audit_reads_default(url: str) -> bool:
    """Record who opened which person's and case's page (README, "Security").
    On by default on PostgreSQL, where the row written after each such page
    costs little; off on SQLite, whose single writer every read would join.
    ``CASEBOARD_AUDIT_READS`` decides either way."""
    return _env_bool("AUDIT_READS", url.startswith("postgresql"))


class TestConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = False  # tests that check CSRF turn it back on

    def __init__(self, database_url: str) -> None:
        super().__init__()
        self.TESTING = True
        self.WTF_CSRF_ENABLED = False
        self.SQLALCHEMY_DATABASE_URI = normalize_database_url(database_url)
        self.SQLALCHEMY_ENGINE_OPTIONS = _engine_options(self.SQLALCHEMY_DATABASE_URI)
        self.SECRET_KEY = "test-secret-key"
        # argon2 at production cost would make the suite crawl; tests check
        # behaviour, not hash strength.
        self.PASSWORD_HASH_FAST = True
        # Existing tests sign administrators in without a second factor; the
        # tests of that requirement turn it on.
        self.REQUIRE_MFA_FOR_ADMINS = False
        # The suite keeps its counts and its queue in memory whatever the
        # environment says; tests/test_shared_state.py uses the real ones.
        self.REDIS_URL = None
        self.RATELIMIT_STORAGE_URI = "memory://"
        # One client address signs in for the whole suite; the rate limit
        # tests set a small limit of their own.
        self.RATELIMIT_SIGN_IN = "10000 per minute"
        self.RATELIMIT_API = "10000 per minute"
        # Tests run queued jobs themselves (``jobs_of(app).run_pending()``).
        self.JOBS_IN_PROCESS = False
        self.MAIL_RETRY_SECONDS = 0  # a refused mail is retried at once
        # No mail jobs queued behind other tests' backs (the mail tests turn
        # it on and run the queue themselves).
        self.MAIL_NOTIFICATIONS = False
        # Off unless asked for, whatever the database, so the suite behaves
        # the same on SQLite and PostgreSQL; tests/test_record_reads.py turns
        # it on.
        self.AUDIT_READS = _env_bool("AUDIT_READS", False)
