"""Shared HTTP plumbing for the metadata services: one polite, bounded ``requests.Session``.

Every service module talks through :class:`Client`, so the rules live in one place:
a User-Agent naming the project, a timeout on every call, urllib3 retries that honour
``Retry-After`` on 429/5xx, a politeness delay per service, and a circuit breaker so that
a service that is down costs one failed request per run, not one per batch.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry

from ..config import Settings
from .cache import Record

log = logging.getLogger("mkdocs.plugins.digestwiki.metadata")

try:
    VERSION = version("digestwiki")
except PackageNotFoundError:  # running from a source tree that is not installed
    VERSION = "0"

USER_AGENT = f"digestwiki/{VERSION} (paper-digest wiki; https://pypi.org/project/digestwiki/)"

# A server asking us to come back later than this is treated as down for this run: the
# build must not sleep for an hour, and retrying earlier than asked would be rude.
MAX_RETRY_AFTER = 60.0
RETRY_STATUSES = (429, 500, 502, 503, 504)
REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 3
MAX_BYTES = 16 * 1024 * 1024  # 100 arXiv entries with abstracts are well under 1 MB


class ServiceError(Exception):
    """One request failed; the ids it covered are reported failed and retried next run."""


class ServiceDown(ServiceError):
    """The service cannot be reached or keeps refusing: stop asking it for this run."""


class TooSlow(ServiceError):
    """The answer did not complete within the overall deadline of one request."""


class _PoliteRetry(Retry):
    """urllib3's Retry, with two changes that matter to small shared services.

    The first retry after a 5xx waits ``backoff_factor`` instead of retrying at once,
    and a ``Retry-After`` longer than :data:`MAX_RETRY_AFTER` ends the retries instead
    of stalling the build (the response is then returned and reported).
    """

    def get_backoff_time(self) -> float:
        errors = 0
        for attempt in reversed(self.history):
            if attempt.redirect_location is not None:
                break
            errors += 1
        if errors == 0:
            return 0.0
        return float(min(self.backoff_max, self.backoff_factor * 2 ** (errors - 1)))

    def increment(self, method: str | None = None, url: str | None = None,  # type: ignore[override]
                  response: Any = None, error: Exception | None = None, _pool: Any = None,
                  _stacktrace: Any = None) -> Retry:
        if response is not None and self.respect_retry_after_header:
            wait = self.get_retry_after(response)
            if wait is not None and wait > MAX_RETRY_AFTER:
                raise MaxRetryError(_pool, url or "", None)
        return super().increment(method, url, response, error, _pool, _stacktrace)


@dataclass
class Results:
    """What a service module learnt about the ids it was given.

    ``records`` holds found and not-found records; ``failed`` maps ids that could not be
    settled to a reason (never recorded, so they are asked again); ``notes`` says why an
    id was recorded as not found when the service gave a reason.
    """

    records: dict[str, Record] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def not_found(self, paper_id: str, source: str, why: str | None = None) -> None:
        self.records[paper_id] = {"status": "not_found", "source": source}
        if why:
            self.notes[paper_id] = why


def one_by_one(keys: Mapping[str, str], get: Callable[[str], Record | None], source: str,
               missing: str, progress: Callable[[int], None] | None = None) -> Results:
    """Results for services asked one paper at a time (Crossref, the ACL Anthology):
    ``get(key)`` gives the record, or None for an explicit "no such paper"; a service that
    fails leaves that paper to be asked again."""
    results = Results()
    for paper_id, key in keys.items():
        try:
            record = get(key)
        except (ServiceDown, ServiceError) as exc:
            results.failed[paper_id] = str(exc)
        else:
            if record is None:
                results.not_found(paper_id, source, missing)
            else:
                results.records[paper_id] = record
        if progress:
            progress(1)
    return results


@dataclass
class Client:
    """One session, a timeout, a politeness delay per service, and a request count."""

    session: requests.Session
    timeout: float
    delay: float
    deadline: float = 60.0  # seconds one request may take in all (connect, redirects, body)
    max_bytes: int = MAX_BYTES
    sent: int = 0  # requests sent (urllib3's retries of one request are not counted)
    down: dict[str, str] = field(default_factory=dict)  # service -> why it was given up on
    _last: dict[str, float] = field(default_factory=dict)

    def _pace(self, service: str) -> None:
        last = self._last.get(service)
        if last is None:
            return
        wait = last + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def request(self, service: str, method: str, url: str, **kwargs: Any) -> requests.Response:
        """Send one request to ``service``, however it ends; the caller judges the status.

        Raises :class:`ServiceDown` (and remembers it) when the service is unreachable or
        still answers 429/5xx after the retries; :class:`ServiceError` for a broken response.
        """
        if service in self.down:
            raise ServiceDown(self.down[service])
        self._pace(service)
        self.sent += 1
        deadline = time.monotonic() + self.deadline
        try:
            response = self._follow(service, method, url, deadline, **kwargs)
            _read_body(service, response, deadline, self.max_bytes)
        except TooSlow as exc:
            # As with a timeout: a service this slow costs one deadline per run, not one
            # per paper (OpenReview is asked once per paper).
            raise self._give_up(service, str(exc)) from exc
        except ServiceError:
            raise
        except (requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError) as exc:
            raise ServiceError(f"{service}: response cut short ({_reason(exc)})") from exc
        except (requests.ConnectionError, requests.Timeout,
                requests.exceptions.RetryError) as exc:
            raise self._give_up(service, f"{service} unreachable: {_reason(exc)}") from exc
        except requests.RequestException as exc:
            raise ServiceError(f"{service}: {_reason(exc)}") from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise ServiceError(f"{service}: response cut short ({_reason(exc)})") from exc
        finally:
            self._last[service] = time.monotonic()
        if response.status_code in RETRY_STATUSES:
            after = response.headers.get("Retry-After")
            why = f"{service} answered HTTP {response.status_code}"
            if after:
                why += f" (Retry-After: {after})"
            raise self._give_up(service, why)
        return response

    def _follow(self, service: str, method: str, url: str, deadline: float,
                **kwargs: Any) -> requests.Response:
        """Send, following redirects only on the same host and never from https to http."""
        for _ in range(MAX_REDIRECTS + 1):
            left = deadline - time.monotonic()
            if left <= 0:
                raise TooSlow(f"{service}: no complete answer within {self.deadline:g} s")
            response = self.session.request(method, url, timeout=min(self.timeout, left),
                                            allow_redirects=False, stream=True, **kwargs)
            location = response.headers.get("Location")
            if response.status_code not in REDIRECTS or not location:
                return response
            response.close()
            target = urljoin(response.url or url, location)
            refused = redirect_refusal(response.url or url, target)
            if refused:
                raise ServiceError(f"{service} {refused}; not followed")
            url = target
            kwargs.pop("params", None)  # the Location carries the query
            if response.status_code == 303:
                method = "GET"
        raise ServiceError(f"{service}: more than {MAX_REDIRECTS} redirects")

    def get(self, service: str, url: str, params: dict[str, Any] | None = None
            ) -> requests.Response:
        """GET ``url``; see :meth:`request`."""
        return self.request(service, "GET", url, params=params)

    def _give_up(self, service: str, why: str) -> ServiceDown:
        log.info("digestwiki: giving up on %s for this run: %s", service, why)
        self.down[service] = why
        return ServiceDown(why)


def redirect_refusal(origin: str, target: str) -> str | None:
    """Why a redirect from ``origin`` to ``target`` must not be followed, or None.

    Only the same host, and never from https down to http: a metadata service that sends us
    elsewhere is answered by nobody we chose to trust.
    """
    here, there = urlsplit(origin), urlsplit(target)
    if there.scheme not in ("http", "https"):
        return f"redirected to a {there.scheme or 'relative'}: URL"
    if (there.hostname or "").lower() != (here.hostname or "").lower():
        return f"redirected to another host ({there.hostname})"
    if here.scheme == "https" and there.scheme != "https":
        return "redirected from https to http"
    return None


def _read_body(service: str, response: requests.Response, deadline: float,
               max_bytes: int) -> None:
    """Read the body into ``response`` under a size limit and an overall deadline.

    ``read1`` returns whatever one socket read brings, so a server that drips a byte a second
    is noticed at the deadline instead of keeping the request alive for hours.
    """
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        response.close()
        raise ServiceError(f"{service} sent {int(declared)} bytes, more than the "
                           f"{max_bytes} a metadata answer may have")
    chunks: list[bytes] = []
    size = 0
    raw = response.raw
    try:
        while True:
            if time.monotonic() > deadline:
                raise TooSlow(f"{service}: the answer did not arrive in time (overall "
                                   "deadline per request); asked again next time")
            chunk = raw.read1(65536, decode_content=True) if hasattr(raw, "read1") else \
                raw.read(65536, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise ServiceError(f"{service} sent more than the {max_bytes} bytes a metadata "
                                   "answer may have")
            chunks.append(chunk)
    finally:
        response.close()
    response._content = b"".join(chunks)
    response._content_consumed = True  # type: ignore[attr-defined]


def _reason(exc: BaseException) -> str:
    """The innermost message of a requests/urllib3 exception chain, for the report."""
    inner: BaseException = exc
    for _ in range(10):  # chains are short; never follow a cycle
        nested = getattr(inner, "reason", None)
        if not isinstance(nested, BaseException) and inner.args:
            nested = inner.args[0]
        if not isinstance(nested, BaseException):
            break
        inner = nested
    return str(inner) or type(inner).__name__


def make_client(settings: Settings, *, retries: int = 3, backoff: float | None = None) -> Client:
    """A client for one run. ``backoff`` defaults to the politeness delay (at least 1 s).

    Connection failures and read timeouts are retried once only: a host that does not
    answer should cost the build seconds, not minutes.
    """
    if backoff is None:
        backoff = max(settings.delay, 1.0)
    retry = _PoliteRetry(
        total=retries,
        connect=min(retries, 1),
        read=min(retries, 1),
        status=retries,
        backoff_factor=backoff,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "HEAD", "POST"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    adapter = HTTPAdapter(max_retries=retry, pool_connections=1, pool_maxsize=1)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    # One request may take a little longer in all than one socket read may wait.
    return Client(session=session, timeout=settings.timeout, delay=settings.delay,
                  deadline=settings.timeout * 2)
