"""Static text files (the widget, the demo page, `/static/` assets, the dashboard's CSS and JS) served from
memory, gzipped when the client accepts it.

The build (`make widget`, `scripts/build_widget.py`) writes a `.gz` next to each text asset of
`bot/static/`; a `.gz` is used only when it decompresses to the file's current bytes, so a stale one (the
bundle pulled or rebuilt without `make widget`) is never served: the file is then compressed here, once,
and a warning says so. Files no build step compresses (the dashboard's `bot/counselor/static/`,
`prebuilt=False`) are compressed here, once per change, without a warning. Files are read again when their
size or modification time changes.

Each response carries `Vary: Accept-Encoding` (a shared cache keeps the two versions apart) and an ETag
from the content's hash, so every gateway process and machine names the same bytes the same way; the
gzipped version's tag is the identity one's plus `-gz` (a validator per representation, RFC 9110 §8.8.3).
`If-None-Match` with the tag of the version this request would get answers 304.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import logging
import mimetypes
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".js", ".mjs", ".css", ".html", ".svg", ".json", ".txt", ".map", ".xml"})
TYPES = {".js": "application/javascript", ".mjs": "application/javascript", ".map": "application/json"}
MIN_GZIP_BYTES = 512  # below this gzip's header outweighs what it saves


@dataclass(frozen=True)
class Asset:
    identity: bytes
    gzipped: bytes | None  # None: not worth compressing (binary, tiny)
    etag: str  # of the identity bytes, quoted
    content_type: str
    charset: str | None
    stamp: tuple[int, int, int]  # (inode, size, mtime_ns) of the file when read


def accepts_gzip(header: str | None) -> bool:
    """Whether an `Accept-Encoding` value allows gzip: named (or `x-gzip`, or `*`) with q > 0, and not
    refused by name (`gzip;q=0`, RFC 9110 §12.5.3)."""
    if not header:
        return False
    named: float | None = None
    star: float | None = None
    for part in header.lower().split(","):
        coding, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        coding = coding.strip()
        if coding in ("gzip", "x-gzip"):
            named = max(named or 0.0, q)
        elif coding == "*":
            star = q
    if named is not None:
        return named > 0
    return bool(star and star > 0)


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """(inode, size, mtime_ns) of a regular file, None for anything else (blocking)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns) if stat.S_ISREG(st.st_mode) else None


def _content_type(path: Path) -> tuple[str, str | None]:
    suffix = path.suffix.lower()
    ctype = TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    text = suffix in TEXT_SUFFIXES or ctype.startswith("text/")
    return ctype, ("utf-8" if text else None)


def precompressed(path: Path, data: bytes) -> bytes | None:
    """The build's `<file>.gz` when it holds exactly `data`, else None (missing, stale, or corrupt)."""
    gz = path.with_name(path.name + ".gz")
    try:
        packed = gz.read_bytes()
        return packed if gzip.decompress(packed) == data else None
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile):
        return None


def load(path: Path, stamp: tuple[int, int, int], prebuilt: bool = True) -> Asset:
    """Read `path` and its gzip version (blocking: run in an executor). `prebuilt`: the build writes a
    `.gz` next to it, so a missing or stale one is worth a warning."""
    data = path.read_bytes()
    ctype, charset = _content_type(path)
    packed: bytes | None = None
    if path.suffix.lower() in TEXT_SUFFIXES and len(data) >= MIN_GZIP_BYTES:
        packed = precompressed(path, data) if prebuilt else None
        if packed is None:
            if prebuilt:
                log.warning(
                    "%s.gz is missing or stale (run `make widget`); compressing it in memory", path.name
                )
            packed = gzip.compress(data, 9, mtime=0)
        if len(packed) >= len(data):
            packed = None
    etag = '"' + hashlib.sha256(data).hexdigest()[:20] + '"'
    return Asset(data, packed, etag, ctype, charset, stamp)


def _etags(header: str) -> set[str]:
    """The entity tags of an If-None-Match value, weak markers dropped (its comparison is weak)."""
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


class AssetCache:
    """Files read once per change, kept in memory with their gzip version."""

    def __init__(self) -> None:
        self._assets: dict[Path, Asset] = {}
        self._lock = asyncio.Lock()

    async def get(self, path: Path, prebuilt: bool = True) -> Asset | None:
        """The asset at `path`, or None when it is not a regular file (`prebuilt`: see `load`)."""
        loop = asyncio.get_running_loop()
        stamp = await loop.run_in_executor(None, file_stamp, path)
        if stamp is None:
            return None
        cached = self._assets.get(path)
        if cached is not None and cached.stamp == stamp:
            return cached
        async with self._lock:
            cached = self._assets.get(path)
            if cached is None or cached.stamp != stamp:
                cached = await loop.run_in_executor(None, load, path, stamp, prebuilt)
                self._assets[path] = cached
        return cached


ASSET_CACHE_KEY = web.AppKey("asset_cache", AssetCache)


def respond(request: web.Request, asset: Asset, headers: dict[str, str] | None = None) -> web.Response:
    """The identity or gzip version of `asset` for this request, or a 304 when the client has it."""
    use_gzip = asset.gzipped is not None and accepts_gzip(request.headers.get("Accept-Encoding"))
    etag = asset.etag[:-1] + '-gz"' if use_gzip else asset.etag
    out = dict(headers or {})
    out["ETag"] = etag
    if asset.gzipped is not None:
        out["Vary"] = "Accept-Encoding"
    inm = request.headers.get("If-None-Match")
    if inm and (inm.strip() == "*" or etag in _etags(inm)):
        return web.Response(status=304, headers=out)
    if use_gzip:
        out["Content-Encoding"] = "gzip"
    body = asset.gzipped if use_gzip else asset.identity
    return web.Response(body=body, content_type=asset.content_type, charset=asset.charset, headers=out)


def setup_cache(app: web.Application) -> None:
    """Give `app` its asset cache, once (the widget's pages and the dashboard share it)."""
    if ASSET_CACHE_KEY not in app:
        app[ASSET_CACHE_KEY] = AssetCache()


def asset_path(folder: Path, name: str) -> Path:
    """`folder/name` for a file name taken from a URL; 404 for a hidden file or a `.gz` (the build's copy,
    sent as Content-Encoding, never as a file of its own). The route's pattern keeps `/` out of `name`."""
    if not name or name.startswith(".") or "/" in name or "\\" in name or name.lower().endswith(".gz"):
        raise web.HTTPNotFound()
    return folder / name


async def serve(
    request: web.Request, path: Path, headers: dict[str, str] | None = None, *, prebuilt: bool = True
) -> web.Response:
    """`path` through the app's cache; 404 when it is not a file (`prebuilt`: see `load`)."""
    asset = await request.app[ASSET_CACHE_KEY].get(path, prebuilt)
    if asset is None:
        raise web.HTTPNotFound()
    return respond(request, asset, headers)
