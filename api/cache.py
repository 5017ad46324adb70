"""A cache of results keyed by the normalised request, in process or shared through Redis.

Solving is deterministic, so the same request always has the same answer — including the
same error: a problem stopped by the time limit would be stopped again, so caching that
error keeps one hostile input from occupying the workers over and over.  The service is
otherwise stateless: replicas behind a load balancer share results through Redis by
setting one option (``CACHE_URL``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict

from grammar import StepsolverError

log = logging.getLogger("stepsolver.cache")

_VERSION = "1"  # bump when the shape of results changes, so old entries are never served


def key(request: dict) -> str:
    """The same problem typed with different spacing or letter case in words is one entry."""
    shown = {k: v for k, v in request.items() if k != "limits"}
    shown["problem"] = " ".join(str(shown.get("problem", "")).split())
    if isinstance(shown.get("answer"), str):
        shown["answer"] = " ".join(shown["answer"].split())
    blob = json.dumps(shown, sort_keys=True, ensure_ascii=False, default=str)
    return f"stepsolver:{_VERSION}:" + hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


def _pack(status: str, payload) -> str:
    if status == "error":
        payload = {"type": type(payload).__name__, "http_status": payload.http_status, **payload.to_dict()}
    return json.dumps({"status": status, "payload": payload}, ensure_ascii=False)


def _unpack(text: str):
    data = json.loads(text)
    if data["status"] == "ok":
        return data["payload"]
    p = data["payload"]
    error = StepsolverError(p["message"], hint=p.get("hint"), line=p.get("line"), column=p.get("column"),
                            context=p.get("context"), code=p["code"])
    error.http_status = p["http_status"]
    raise error


class MemoryCache:
    """A bounded least-recently-used cache in this process."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._items: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, k: str) -> str | None:
        with self._lock:
            value = self._items.get(k)
            if value is None:
                self.misses += 1
                return None
            self._items.move_to_end(k)
            self.hits += 1
            return value

    def set(self, k: str, value: str) -> None:
        with self._lock:
            self._items[k] = value
            self._items.move_to_end(k)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class RedisCache:
    """Shared between replicas; a Redis outage only means no caching, never an error."""

    def __init__(self, url: str, ttl: int = 24 * 3600) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.ttl = ttl
        self.hits = self.misses = 0

    def get(self, k: str) -> str | None:
        try:
            value = self.client.get(k)
        except Exception as exc:  # redis.RedisError and socket errors: serve without the cache
            log.warning("cache unavailable: %s", exc)
            return None
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        return value.decode("utf-8")

    def set(self, k: str, value: str) -> None:
        try:
            self.client.set(k, value, ex=self.ttl)
        except Exception as exc:
            log.warning("cache unavailable: %s", exc)


# Errors that are about the input itself, so the same input gets them again.
_CACHEABLE_ERRORS = (400, 413, 422)


def cached_run(cache, runner, request: dict) -> dict:
    """``runner.run(request)``, answered from the cache when the same request was seen."""
    k = key(request)
    cached = cache.get(k)
    if cached is not None:
        return _unpack(cached)
    try:
        result = runner.run(request)
    except StepsolverError as exc:
        if exc.http_status in _CACHEABLE_ERRORS and exc.code not in ("solver_error", "internal_error"):
            cache.set(k, _pack("error", exc))
        raise
    cache.set(k, _pack("ok", result))
    return result


def make_cache(url: str | None, size: int):
    if url:
        return RedisCache(url)
    return MemoryCache(size) if size > 0 else None
