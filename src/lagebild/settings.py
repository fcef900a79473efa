"""One settings table with defaults, config file, environment and flag precedence.

Precedence, lowest to highest: the defaults below < a TOML config file (``lagebild.toml`` in the
working directory, or the file named by ``LAGEBILD_CONFIG``) < ``LAGEBILD_*`` environment
variables < command-line flags (passed as keyword overrides). ``lagebild settings`` prints the
table with each value's origin.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import MISSING, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from .errors import ConfigError
from .locations import redact_location
from .story.config import ClusterConfig

CONFIG_ENV = "LAGEBILD_CONFIG"
ENV_PREFIX = "LAGEBILD_"
DEFAULT_CONFIG_FILE = "lagebild.toml"


#: Settings of the story clustering: one ``story_<field>`` per field of
#: :class:`lagebild.story.config.ClusterConfig`, with its default, so a new threshold there is a new
#: setting here (``LAGEBILD_STORY_EVENT_THRESHOLD=0.3``, ``story_event_threshold = 0.3`` in the file).
CLUSTER_PREFIX = "story_"


def _cluster_fields() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(ClusterConfig):
        default = f.default if f.default is not MISSING else f.default_factory()  # type: ignore[operator]
        help_text = f.metadata.get("help") or f"story clustering: {f.name.replace('_', ' ')}"
        out[CLUSTER_PREFIX + f.name] = (type(default), Field(default, description=help_text + " (see lagebild.story.config)"))
    return out


if TYPE_CHECKING:
    ClusterSettings = BaseModel
else:
    ClusterSettings = create_model("ClusterSettings", __base__=BaseModel, **_cluster_fields())


class Settings(ClusterSettings):
    # A plain pydantic model: load_settings reads the environment itself (pydantic-settings would
    # add a fifth of a second to every command's start for the same four lines).
    model_config = ConfigDict(extra="forbid")

    db: str = Field("lagebild.db", description="Store: SQLite file path or postgresql:// URL (passwords via PGPASSWORD or ~/.pgpass).")
    max_item_bytes: int = Field(
        20_000_000,
        description="Largest single input item accepted; news articles are far below 1 MB, "
        "so anything over 20 MB is a dump or a mistake and is rejected, not read into memory.")
    max_binary_ratio: float = Field(
        0.05,
        description="Share of control bytes above which an item counts as binary, not text.")
    max_replacement_ratio: float = Field(
        0.01,
        description="Share of undecodable bytes tolerated in UTF-8 text (replaced, with a warning).")
    max_container_bytes: int = Field(
        1_000_000_000,
        description="Largest container file (JSONL, WARC; counted after gunzip, while streaming): the "
        "records read up to the limit are kept, the rest of the file is rejected. Split larger corpora.")
    max_text_chars: int = Field(
        200_000,
        description="Longest article text after extraction; longer texts are cut (with a warning and "
        "the rest recorded as debris) so that annotation time and memory stay bounded. The longest "
        "article in the evaluation data has 32,600 characters, long-form pieces reach ~100,000.")
    max_item_seconds: float = Field(
        300.0,
        description="Time budget of one item's processing (extraction and annotation); an item over it "
        "is rejected and the run goes on. The largest allowed article (max_text_chars) takes under a "
        "minute on a busy 2-core machine. 0 = no budget.")
    min_text_chars: int = Field(
        40, description="Texts shorter than this after cleaning are rejected as empty.")
    dedup_threshold: float = Field(
        0.7,
        description="MinHash Jaccard estimate (word 5-shingles) at which two texts are wire "
        "copies of one another and fold into one article with both sources. Agency copies that "
        "outlets retitle or trim still share over 70% of their shingles; separate reports of "
        "one event share far less (under 30%).")
    dedup_num_perm: int = Field(128, description="MinHash permutations; 128 keeps error ~0.09.")
    shingle_size: int = Field(5, description="Words per shingle for near-duplicate detection.")
    commit_every: int = Field(
        50, description="Articles per store transaction during ingest (kill-safe: a batch is all or nothing).")
    language_default: str = Field("de", description="Language assumed when identification is unsure.")
    workers: int = Field(1, description="Worker processes for ingest (1 = serial).")
    api_token: str = Field("", description="Token required by write endpoints of the API (empty = writes off).")
    allowed_hosts: str = Field(
        "", description="Host names the web server answers besides 127.0.0.1, localhost, ::1 and the address it "
        "binds, comma-separated ('news.example.org,10.0.0.5'); requests naming another Host get 400, so a web "
        "page cannot reach the server through a DNS name that it points at this machine (DNS rebinding). "
        "'*' turns the check off.")
    server_workers: int = Field(
        1, description="Worker processes of `lagebild serve` that ingest uploads (and annotate for "
        "--watch): the server process only answers requests, so a hostile upload cannot block it.")
    worker_memory_mb: int = Field(
        4096, description="Address-space limit of each server worker process in MB (the largest allowed "
        "article peaks at ~1.6 GB); an item over it is rejected and the worker replaced. 0 = no limit.")
    views_min_articles: int = Field(
        2, description="Stories with at least this many articles get their view built at the end of the "
        "ingest that touched them, so their first read is fast; smaller stories (most are one article) "
        "are built on first read. 0 or 1: every touched story.")
    views_max_articles: int = Field(
        100, description="Stories with more articles than this are not built at the end of an ingest but on "
        "first read: building a view takes about a second per ten articles, and an ingest of one more report "
        "into a story of hundreds should not wait minutes for it.")
    # live monitoring (lagebild watch, lagebild.watch)
    fetch_private_addresses: bool = Field(
        False, description="Allow fetching hosts that resolve to loopback, private or link-local addresses "
        "(off: a feed cannot make lagebild probe the local network; tests and intranet feeds switch it on).")
    fetch_user_agent: str = Field(
        "lagebild/0.1 (news monitoring; respects robots.txt)",
        description="User-Agent sent with every request and matched against robots.txt rules.")
    fetch_per_host_rate: float = Field(
        1.0, description="Requests per second per host at most: one a second is the common courtesy of crawlers.")
    fetch_per_host_concurrency: int = Field(2, description="Requests open at once per host.")
    fetch_connect_timeout: float = Field(10.0, description="Seconds to connect to a host.")
    fetch_read_timeout: float = Field(20.0, description="Seconds a response may stall without sending a byte.")
    fetch_total_timeout: float = Field(
        60.0, description="Seconds one response may take in all (cuts off servers that drip bytes slowly).")
    fetch_max_bytes: int = Field(
        10_000_000, description="Largest page or feed accepted, on the wire and after decompression; "
        "news pages are under 2 MB, so 10 MB refuses only dumps and decompression bombs.")
    fetch_max_redirects: int = Field(5, description="Redirects followed per request.")
    fetch_retries: int = Field(2, description="Retries of a request after a timeout, a connection error or a 5xx/429.")
    watch_every: str = Field("15m", description="Default poll interval of a new feed (90s, 15m, 2h, 1d).")
    watch_workers: int = Field(8, description="Fetch threads of the watcher (per-host limits apply on top).")
    # interface (lagebild.i18n)
    ui_language: str = Field(
        "", description="Interface language of the web UI, CLI and reports: de or en. Empty: German in the CLI "
        "and reports, the browser's Accept-Language in the web UI (German when it names neither).")


def _config_path(explicit: str | os.PathLike[str] | None) -> Path | None:
    if explicit:
        return Path(explicit)
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env)
    default = Path(DEFAULT_CONFIG_FILE)
    return default if default.exists() else None


def load_settings(config_file: str | os.PathLike[str] | None = None, **flags: Any) -> Settings:
    """Settings from defaults < config file < environment < ``flags`` (None values ignored)."""
    file_values: dict[str, Any] = {}
    path = _config_path(config_file)
    if path is not None:
        try:
            with open(path, "rb") as fh:
                file_values = tomllib.load(fh)
        except FileNotFoundError as exc:
            raise ConfigError(f"config file not found: {path}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
        file_values = dict(file_values.get("lagebild", file_values))
        unknown = set(file_values) - set(Settings.model_fields)
        if unknown:
            raise ConfigError(f"unknown settings in {path}: {', '.join(sorted(unknown))}")
    overrides = {k: v for k, v in flags.items() if v is not None}
    try:
        # defaults < file < environment < flags; pydantic turns the environment's strings into numbers
        # and booleans ("0.3", "true") as the fields' types say
        merged = {**file_values, **env_values(), **overrides}
        return Settings(**merged)
    except ValidationError as exc:
        raise ConfigError(str(exc)) from exc


def env_values() -> dict[str, str]:
    """Settings given as ``LAGEBILD_<NAME>`` environment variables (name case-insensitive)."""
    env = {k.upper(): v for k, v in os.environ.items() if k.upper().startswith(ENV_PREFIX)}
    return {name: env[ENV_PREFIX + name.upper()] for name in Settings.model_fields if ENV_PREFIX + name.upper() in env}


def describe(settings: Settings, config_file: str | None = None, **flags: Any) -> list[dict[str, Any]]:
    """The settings table: name, value, default, origin, description."""
    path = _config_path(config_file)
    file_keys: set[str] = set()
    if path is not None and path.exists():
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        file_keys = set(data.get("lagebild", data))
    rows = []
    env = env_values()
    for name, info in Settings.model_fields.items():
        if flags.get(name) is not None:
            origin = "flag"
        elif name in env:
            origin = "env"
        elif name in file_keys:
            origin = f"file:{path}"
        else:
            origin = "default"
        value = getattr(settings, name)
        if name == "db":  # never print a password from a connection URL
            value = redact_location(value)
        elif name == "api_token" and value:  # a secret: say that it is set, never what it is
            value = "(set, hidden)"
        rows.append({"name": name, "value": value, "default": info.default,
                     "origin": origin, "description": info.description or ""})
    return rows
