"""A note's date: front matter, file name, a dated first heading, or its newest arXiv id."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath

from ..identity import arxiv_month

NAME_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?(?=$|[-_. ])")
HEAD_DATE = re.compile(r"^\s*#{1,6}\s*(\d{8}|\d{6}|\d{4}[-./]\d{1,2}[-./]\d{1,2})\b")
DATE_PREFIX = re.compile(r"^(\d{8}|\d{6}|\d{4}[-./]\d{1,2}[-./]\d{1,2})\b[\s:\-–—]*")
_ANY_DATE = re.compile(r"^\s*(\d{4})[-./](\d{1,2})[-./](\d{1,2})")


def _date(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    m = _ANY_DATE.match(str(value))
    if m:
        try:
            return dt.date(*map(int, m.groups())).isoformat()
        except ValueError:
            return None
    return None


def _heading_date(token: str) -> str | None:
    digits = re.sub(r"\D", "", token)
    if len(digits) == 6:
        digits = "20" + digits
    if "-" in token or "." in token or "/" in token:
        return _date(token)
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])).isoformat()
    except ValueError:
        return None


def find_date(
    name: str, meta: dict[str, object], lines: list[str], ids: list[str]
) -> tuple[str | None, bool, int]:
    """(date, inferred?, line) by the documented order: front matter, file name, heading,
    arXiv ids."""
    if "date" in meta:
        found = _date(meta["date"])
        if found:
            return found, False, 0
    m = NAME_DATE.match(PurePosixPath(name).name)
    if m:
        year, month, day = m.groups()
        try:
            if day:
                return dt.date(int(year), int(month), int(day)).isoformat(), False, 0
            if 1 <= int(month) <= 12:
                return f"{year}-{month}", False, 0
        except ValueError:
            pass
    for i, line in enumerate(lines):
        if line.strip():
            hm = HEAD_DATE.match(line)
            if hm and (found := _heading_date(hm.group(1))):
                return found, False, i + 1
            break
    months = [m for m in (arxiv_month(i) for i in ids) if m]
    if months:
        year, month = max(months)
        return f"{year:04d}-{month:02d}", True, 0
    return None, False, 0
