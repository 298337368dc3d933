"""Every string the plugin shows a reader, in Korean and English, keyed by ``theme.language``.

One catalogue so the site speaks one language: Material's own words (검색, 목차) follow
``theme.language``, and so do ours. English is the fallback for any other language; a site
owner overriding a template can still write whatever they like.

A message is ``{"en": ..., "ko": ...}``; an English message that depends on a count is a pair
``(one, other)``. ``translator(language)`` returns ``t(key, n=None, **values)``, which picks the
form for ``n`` and fills ``{placeholders}`` with ``n`` and ``values``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any, Protocol

LANGUAGES = ("en", "ko")
FALLBACK = "en"

Text = str | tuple[str, str]

MESSAGES: dict[str, dict[str, Text]] = {
    # --- a digest's header line ---
    "digest.reviewed": {"en": ("{n} paper reviewed", "{n} papers reviewed"),
                        "ko": "논문 {n}편 리뷰"},
    "digest.mentioned": {"en": "{n} mentioned", "ko": "{n}편 언급"},
    "digest.inferred": {"en": "(inferred)", "ko": "(추정)"},
    "digest.inferred_tip": {"en": "No date in the note: inferred from its newest arXiv id",
                            "ko": "노트에 날짜가 없어 가장 최근 arXiv 번호로 추정한 날짜입니다"},
    "digest.bib_download": {"en": "BibTeX (.bib)", "ko": "BibTeX (.bib)"},
    "digest.copy_all": {"en": "Copy all BibTeX", "ko": "BibTeX 모두 복사"},
    "digest.copy_all_tip": {"en": "Copy the BibTeX entries of the papers this digest reviews",
                            "ko": "이 노트가 리뷰한 논문들의 BibTeX를 복사합니다"},
    "digest.undated": {"en": "undated", "ko": "날짜 없음"},
    # --- a paper's page ---
    "paper.authors": {"en": "Authors", "ko": "저자"},
    "paper.year": {"en": "Year", "ko": "연도"},
    "paper.venue": {"en": "Venue", "ko": "발표"},
    "paper.category": {"en": "arXiv category", "ko": "arXiv 분야"},
    "paper.first_version": {"en": "First version", "ko": "첫 버전"},
    "paper.latest": {"en": "Latest", "ko": "최신 버전"},
    "paper.doi": {"en": "DOI", "ko": "DOI"},
    "paper.id": {"en": "Id", "ko": "식별자"},
    "paper.nicknames": {"en": "Also called", "ko": "다른 이름"},
    "paper.code": {"en": "Code", "ko": "코드"},
    "paper.abstract": {"en": "Abstract", "ko": "초록"},
    "paper.bibtex": {"en": "BibTeX", "ko": "BibTeX"},
    "paper.provider_bibtex": {"en": "{provider}'s own", "ko": "{provider} 제공"},
    "paper.reviewed_in": {"en": "Reviewed in", "ko": "리뷰한 노트"},
    "paper.mentioned_in": {"en": "Mentioned in", "ko": "언급한 노트"},
    "paper.alongside": {"en": "Discussed alongside", "ko": "함께 다룬 논문"},
    "paper.in_common": {"en": ("{n} digest in common", "{n} digests in common"),
                        "ko": "같은 노트 {n}개"},
    "paper.incomplete": {"en": "details incomplete", "ko": "정보 일부 없음"},
    "paper.incomplete_tip": {
        "en": "Not known yet: {fields}. What this page shows comes from the digests, and the "
              "citation key is provisional.",
        "ko": "아직 알지 못하는 정보: {fields}. 이 페이지의 내용은 노트에 적힌 것이며, 인용 키는 "
              "임시입니다."},
    "paper.edit": {"en": "Edit a note that reviews this paper",
                   "ko": "이 논문을 리뷰한 노트 편집"},
    "paper.edit_short": {"en": "Edit", "ko": "편집"},
    "field.title": {"en": "the title", "ko": "제목"},
    "field.authors": {"en": "the authors", "ko": "저자"},
    "field.year": {"en": "the year", "ko": "연도"},
    "list.and": {"en": " and ", "ko": ", "},
    "list.sep": {"en": ", ", "ko": ", "},
    "link.Abstract": {"en": "Abstract", "ko": "초록"},
    "link.PDF": {"en": "PDF", "ko": "PDF"},
    "link.OpenReview": {"en": "OpenReview", "ko": "OpenReview"},
    "link.DOI": {"en": "DOI", "ko": "DOI"},
    # --- an alias id's page ---
    # {alias} arrives as a code span already (escape.md_code: no backtick can close it)
    "alias.body": {"en": "{alias} is another id of this paper: its page is {link}.",
                   "ko": "{alias}는 이 논문의 다른 식별자입니다. 논문 페이지: {link}"},
    # --- index names (home page, 404 page, links between indexes) ---
    "index.digests": {"en": "Digests", "ko": "노트"},
    "index.papers": {"en": "Papers", "ko": "논문"},
    "index.authors": {"en": "Authors", "ko": "저자"},
    "index.years": {"en": "Years and venues", "ko": "연도와 발표처"},
    "index.tags": {"en": "Tags", "ko": "태그"},
    "index.stats": {"en": "Statistics", "ko": "통계"},
    "index.feed": {"en": "RSS feed", "ko": "RSS 피드"},
    # --- periods: the sidebar's year and month sections, index headings (period_title) ---
    "period.year": {"en": "{year}", "ko": "{year}년"},
    "period.month": {"en": "{year}-{month:02d}", "ko": "{year}년 {month}월"},
    "period.undated": {"en": "Undated", "ko": "날짜 없음"},
    # --- the digests index and its year and month pages ---
    "digests.by_year": {"en": ("{n} digest, newest first, by year:",
                               "{n} digests, newest first, by year:"),
                        "ko": "노트 {n}개, 연도별 최신순:"},
    "digests.latest": {"en": "Latest digests", "ko": "최근 노트"},
    "digests.all": {"en": "All digests", "ko": "모든 노트"},
    "digests.of": {"en": "Digests of {period}", "ko": "{period} 노트"},
    "digests.year_title": {"en": "Digests {period}", "ko": "{period} 노트"},  # <title>
    "digests.undated_title": {"en": "Undated digests", "ko": "날짜 없는 노트"},
    "digests.newest_first": {"en": ("{n} digest, newest first.", "{n} digests, newest first."),
                             "ko": "노트 {n}개, 최신순."},
    "digests.col_month": {"en": "Month", "ko": "월"},
    "digests.col_date": {"en": "Date", "ko": "날짜"},
    "digests.col_digest": {"en": "Digest", "ko": "노트"},
    "digests.col_digests": {"en": "Digests", "ko": "노트"},
    "digests.col_papers": {"en": "Papers", "ko": "논문"},
    # --- the papers index and its letter pages ---
    "papers.summary": {
        "en": "{n} papers reviewed or mentioned in {digests} digests. Also by [author]({authors}) "
              "and by [year and venue]({years}).",
        "ko": "노트 {digests}개에서 리뷰하거나 언급한 논문 {n}편. [저자별]({authors}), "
              "[연도와 발표처별]({years})로도 볼 수 있습니다."},
    "papers.count": {"en": ("{n} paper.", "{n} papers."), "ko": "논문 {n}편."},
    "papers.all": {"en": "All papers", "ko": "모든 논문"},
    "papers.recent": {"en": "Recently added", "ko": "최근 추가된 논문"},
    "papers.letter_title": {"en": "Papers: {letter}", "ko": "논문: {letter}"},
    "papers.col_title": {"en": "Title", "ko": "제목"},
    # the Year column is js.year: the script finds the column by that name
    "papers.col_mentions": {"en": "Mentions", "ko": "언급 수"},
    "papers.col_first": {"en": "First reviewed", "ko": "처음 리뷰한 날"},
    # --- the authors index ---
    "authors.intro": {"en": ("{n} author of the papers in the wiki, by surname. Papers a "
                             "digest reviewed are in bold.",
                             "{n} authors of the papers in the wiki, by surname. Papers a "
                             "digest reviewed are in bold."),
                      "ko": "위키에 있는 논문의 저자 {n}명을 성(姓)의 알파벳순으로 보여 줍니다. "
                            "노트에서 리뷰한 논문은 굵게 표시했습니다."},
    "authors.count": {"en": ("{n} author.", "{n} authors."), "ko": "저자 {n}명."},
    "authors.all": {"en": "All authors", "ko": "모든 저자"},
    "authors.letter_title": {"en": "Authors: {letter}", "ko": "저자: {letter}"},
    # --- the years-and-venues index ---
    "years.intro": {"en": "Every paper by the year it appeared, and where it was published "
                          "when the metadata knows.",
                    "ko": "모든 논문을 발표 연도별로 모으고, 메타데이터에 발표처가 있으면 "
                          "발표처별로 나눴습니다."},
    "years.all": {"en": "All years", "ko": "모든 연도"},
    "years.unknown": {"en": "Unknown year", "ko": "연도 모름"},
    "years.page_title": {"en": "Papers of {year}", "ko": "{year} 논문"},
    "years.unknown_title": {"en": "Papers of Unknown year", "ko": "연도를 모르는 논문"},
    "years.preprint": {"en": "arXiv preprint", "ko": "arXiv 프리프린트"},
    "years.other": {"en": "Other", "ko": "기타"},
    "years.mentions": {"en": ("{n} mention", "{n} mentions"), "ko": "언급 {n}회"},
    # --- the home page ---
    "home.latest": {"en": "Latest digests", "ko": "최근 노트"},
    "home.added": {"en": "Papers recently added", "ko": "최근 추가된 논문"},
    "home.discussed": {"en": "Most discussed in {month}", "ko": "{month}에 많이 다룬 논문"},
    "home.indexes": {"en": "Browse", "ko": "둘러보기"},
    "home.digests_count": {"en": ("{n} digest", "{n} digests"), "ko": "노트 {n}개"},
    "home.papers_count": {"en": ("{n} paper", "{n} papers"), "ko": "논문 {n}편"},
    # --- the 404 page ---
    "404.title": {"en": "Page not found", "ko": "페이지를 찾을 수 없습니다"},
    "404.body": {"en": "There is no page at this address. Search the wiki, or start from one "
                       "of these:",
                 "ko": "이 주소에는 페이지가 없습니다. 검색하거나 아래에서 시작해 보세요."},
    "404.home": {"en": "Home", "ko": "처음"},
    # --- the feed ---
    "feed.title": {"en": "{site}: digests", "ko": "{site}: 노트"},
    "feed.reviewed": {"en": ("{n} paper reviewed: ", "{n} papers reviewed: "),
                      "ko": "논문 {n}편 리뷰: "},
    "feed.mentioned": {"en": ("{n} paper mentioned.", "{n} papers mentioned."),
                       "ko": "논문 {n}편 언급."},
    # --- the statistics page (scripts/gen_stats.py) ---
    "stats.title": {"en": "Statistics", "ko": "통계"},
    "stats.summary": {
        "en": "**{digests}** digests · **{papers}** papers (**{reviewed}** reviewed, "
              "**{mentioned}** only mentioned) · **{authors}** authors.",
        "ko": "노트 **{digests}**개 · 논문 **{papers}**편 (리뷰 **{reviewed}**편, 언급만 "
              "**{mentioned}**편) · 저자 **{authors}**명."},
    "stats.digests_per_month": {"en": "Digests per month", "ko": "월별 노트"},
    "stats.papers_per_month": {"en": "Papers reviewed per month", "ko": "월별 리뷰한 논문"},
    "stats.digests_tip": {"en": ("{month}: {n} digest", "{month}: {n} digests"),
                          "ko": "{month}: 노트 {n}개"},
    "stats.papers_tip": {"en": ("{month}: {n} paper reviewed", "{month}: {n} papers reviewed"),
                         "ko": "{month}: 논문 {n}편 리뷰"},
    "stats.most_discussed": {"en": "Most discussed papers", "ko": "많이 다룬 논문"},
    "stats.by_digests": {"en": "Papers by number of digests", "ko": "다룬 노트 수로 본 논문"},
    "stats.paper": {"en": "Paper", "ko": "논문"},
    "stats.digests": {"en": "Digests", "ko": "노트"},
    "stats.none_discussed": {"en": "No paper is discussed in more than one digest yet.",
                             "ko": "아직 두 노트 이상에서 다룬 논문이 없습니다."},
    "stats.authors": {"en": "Most reviewed authors", "ko": "리뷰가 많은 저자"},
    "stats.authors_chart": {"en": "Authors by number of reviewed papers",
                            "ko": "리뷰한 논문 수로 본 저자"},
    "stats.all_authors": {"en": "All authors: [the authors index]({link}).",
                          "ko": "모든 저자: [저자 색인]({link})."},
    # --- the index tables' script (assets/digestwiki.js) ---
    "js.filter": {"en": "Filter by title, author or id", "ko": "제목, 저자, 식별자로 거르기"},
    "js.year": {"en": "Year", "ko": "연도"},
    "js.all_years": {"en": "All years", "ko": "모든 연도"},
    "js.unknown_year": {"en": "Unknown year", "ko": "연도 모름"},
    "js.sort": {"en": "Sort", "ko": "정렬"},
    # the filter of a split papers index, over every paper ({n} is filled in by the script)
    "js.filter_all": {"en": "Filter all papers: title, author, id",
                      "ko": "모든 논문 거르기: 제목, 저자, 식별자"},
    "js.title": {"en": "Title", "ko": "제목"},
    "js.authors": {"en": "Authors", "ko": "저자"},
    "js.first_shown": {"en": " (first {n} shown)", "ko": " (처음 {n}개만 표시)"},
}


class Translate(Protocol):
    def __call__(self, key: str, n: int | None = None, /, **values: Any) -> str: ...


def language_of(theme: Mapping[str, Any] | Any) -> str:
    """``theme.language`` (``ko``, ``ko-KR``, ``en_US``...) -> a catalogue language."""
    try:
        raw = theme["language"]
    except (KeyError, TypeError):
        raw = getattr(theme, "language", None)
    code = str(raw or FALLBACK).replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else FALLBACK


def _pick(text: Text, n: int | None) -> str:
    if isinstance(text, tuple):
        return text[0] if n == 1 else text[1]
    return text


def translator(language: str = FALLBACK) -> Translate:
    """``t(key, n=None, **values)`` in ``language`` (English where the catalogue lacks it)."""
    lang = language if language in LANGUAGES else FALLBACK

    def t(key: str, n: int | None = None, /, **values: Any) -> str:
        entry = MESSAGES.get(key)
        if entry is None:
            return str(values.get("default", key))
        text = _pick(entry.get(lang) or entry[FALLBACK], n)
        if n is not None:
            values = {"n": n, **values}
        return text.format(**values) if values else text

    return t


def js_strings(language: str) -> str:
    """The script's strings as JSON, for a ``<script type="application/json">`` in the head."""
    t = translator(language)
    data = {key[3:]: t(key) for key in MESSAGES if key.startswith("js.")}
    return json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")


def join_fields(t: Callable[..., str], keys: list[str]) -> str:
    """``["title", "authors"]`` -> "the title and the authors" / "제목, 저자"."""
    words = [t(f"field.{k}", default=k) for k in keys]
    if len(words) < 2:
        return "".join(words)
    return t("list.sep").join(words[:-1]) + t("list.and") + words[-1]


UNDATED = "Undated"  # the key (and, lower case, the folder) of the section of undated digests


def period_title(key: str, t: Translate) -> str:
    """A section's key (``2021``, ``2021-06``, :data:`UNDATED`) as readers see it:
    ``2021`` / ``2021년``, ``2021-06`` / ``2021년 6월``, ``Undated`` / ``날짜 없음``."""
    if key == UNDATED:
        return t("period.undated")
    if re.fullmatch(r"\d{4}", key):
        return t("period.year", year=key)
    m = re.fullmatch(r"(\d{4})-(\d{2})", key)
    if m:
        return t("period.month", year=m.group(1), month=int(m.group(2)))
    return key
