"""What a reader sees of a piece of a note, and whether it is a paper's title.

Titles lose markup, list numbering, venue tags (``**[CVPR' 19]**``, ``[2022][CoT]``),
presentation labels (``(Oral)``), author lists and table debris; authors come from
``(A, B)``, an italic ``*A, B*`` or ``A et al.``. Link texts that only say *where* the paper
is (``[pdf]``, ``Paper``, ``논문 링크``, a venue such as ``[CVPR]``) are generic labels.
"""

from __future__ import annotations

import functools
import html
import re

from ..identity import ANY_URL
from .text import collapse

HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+|^\s*<h([1-6])\b", re.IGNORECASE)
BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)]|\[\d+\]|\(\d+\))\s+")
_CHECKBOX = re.compile(r"^\s*\[[ xX]\]\s+")
_MD_LINK = re.compile(
    r"!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_HTML_A = re.compile(r"<a\b[^>]*>(.*?)</a\s*>", re.I | re.S)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~|`)(?=\S)(.+?)(?<=\S)\1")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_WIKILINK = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]")

PRESENTATION = re.compile(
    r"\s*[(\[]\s*(oral|spotlight|poster|long|short|talk|invited(?: talk)?|"
    r"contributed talk|best paper(?: award)?|outstanding paper(?: award)?|workshop|demo)"
    r"\s*[)\]]\s*$",
    re.IGNORECASE,
)
NUMBERING = re.compile(
    r"^\s*(?:(?:\d{1,3}|[ivx]{1,4})[.)]|\[\d{1,3}\]|\(\d{1,3}\)|\d{1,3}\s*[:：-]\s)\s*",
    re.IGNORECASE)
# "Title:" / "제목:" before a title, and "Link:" / "논문:" before a URL: labels, not text.
TITLE_LABEL = re.compile(r"^\s*(?:title|paper(?: title)?|제목|논문(?: 제목)?)\s*[:：]\s*",
                         re.IGNORECASE)
_LABEL_WORDS = (
    r"paper|papers|pdf|arxiv|abs|abstract|link|links|url|urls|openreview|review|doi|"
    r"code|github|project(?: page)?|homepage|home page|website|web|html|full ?text|"
    r"link to (?:the )?paper|paper link|paper-\w+|research paper|source|official|"
    r"proceedings|ieee|acm|springer|semantic ?scholar|alphaxiv|hf|hf page|hugging ?face|"
    r"here|click here|slides?|video|blog|poster|supp|supplementary|bib|bibtex|citation|demo|"
    r"dataset|data|model|weights|colab|notebook|talk|tweet|thread|"
    r"논문|논문 링크|논문링크|링크|원문|원 논문|원논문|주소|hf 페이지|출처|페이지|paper page"
)
_VENUES = (
    r"cvpr|iccv|eccv|nips|neurips|icml|iclr|aaai|ijcai|acl|emnlp|naacl|coling|kdd|www|"
    r"sigir|cikm|wsdm|tmi|tpami|pami|ijcv|miccai|bmvc|wacv|interspeech|icassp|corl|rss|"
    r"icra|iros|jmlr|tmlr|nature|science|arxiv|siggraph|tog|uai|aistats|colt|mlsys|osdi|"
    r"sosp|nsdi|tkde|tist|tits|tnnls|sensors|workshop|preprint"
)
GENERIC_LABEL = re.compile(
    rf"^[\s\W_]*(?:(?:{_LABEL_WORDS})(?:\s*(?:link|page|site|링크|페이지))?|(?:{_VENUES})(?:\s*['’]?\s*\d{{2,4}})?|\d{{1,3}}|v\d+|"
    rf"[a-z]+\d{{4}}[a-z]*(?:\.pdf)?)[\s\W_]*$",
    re.IGNORECASE,
)
# A field label before a link: "Link:", "논문 링크 :", "📄 **논문 링크**:", "Research Paper -".
LINK_LABEL = re.compile(rf"^[\W_]*(?:{_LABEL_WORDS})[\W_]*$", re.IGNORECASE)
# Tags a note puts before a title: "[CVPR' 19]", "[2022][CoT]", "[Sensors 2026]", "[Survey]".
_LEADING_TAGS = re.compile(r"^\s*(?:\[[^\[\]]{1,60}\]\s*)+(?=\S)")
_TRAILING_TAGS = re.compile(r"(?:\s*[\[(][^\[\]()]{1,24}[\])])+\s*$")
# ", Kaplan et al." after a title names its first author only: not part of the title.
ET_AL = re.compile(r"[,(]?\s*(?:by\s+)?[A-Z][\w\-'’]+(?:\s+[A-Z][\w\-'’]+)?\s+et\s+al\.?\)?\s*$")
_VENUE_YEAR = re.compile(
    rf"[\s,.;:(\[\-–—]*\b(?:{_VENUES})\b\s*['’]?\s*(?:\d{{2}}|\d{{4}})?[\s)\].,]*$", re.I)


def is_heading(line: str) -> bool:
    return bool(HEADING.match(line))


@functools.lru_cache(maxsize=4096)  # the rules read a block's text from several sides
def visible(text: str, keep_urls: bool = True) -> str:
    """The text a reader sees of a piece of source: markup stripped, link texts kept."""
    text = HEADING.sub("", text, count=1)
    text = re.sub(r"^\s*>\s?", "", text, flags=re.M)
    text = BULLET.sub("", text, count=1)
    text = _CHECKBOX.sub("", text, count=1)
    text = _IMAGE.sub(lambda m: " " + m.group(1) + " " if m.group(1) else " ", text)
    text = _HTML_A.sub(lambda m: " " + m.group(1) + " ", text)
    for _ in range(2):  # [[pdf](url)]: the inner link, then the outer brackets
        text = _MD_LINK.sub(lambda m: m.group(1) or m.group(2), text)
    text = _WIKILINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.I)
    text = _TAG.sub(" ", text)
    for _ in range(2):
        text = _EMPHASIS.sub(lambda m: m.group(2), text)
    text = html.unescape(text)
    if not keep_urls:
        text = ANY_URL.sub(" ", text)
    return collapse(text)


def hangul_ratio(text: str) -> float:
    letters = sum(1 for c in text if c.isalpha())
    return len(_HANGUL.findall(text)) / letters if letters else 0.0


def is_generic(text: str) -> bool:
    """Link text that says where a paper is, not which paper: ``[pdf]``, ``Paper``, ``[CVPR]``."""
    text = visible(text)
    return not text or bool(GENERIC_LABEL.match(text)) or bool(ANY_URL.fullmatch(text))


def clean_title(text: str) -> tuple[str, str | None]:
    """Strip numbering, tags, labels and debris: ``1. [CVPR' 19] X (Oral) |`` -> (X, Oral)."""
    text = collapse(text)
    for _ in range(2):
        text = NUMBERING.sub("", text)
        text = TITLE_LABEL.sub("", text)
        text = _LEADING_TAGS.sub("", text)
        text = text.strip().lstrip("*_|-–—:>•·").strip()
    text = re.sub(r"\s*\|.*$", "", text) if text.count("|") else text
    text = ET_AL.sub("", text)
    label = None
    m = PRESENTATION.search(text)
    if m:
        label = m.group(1).title()
        text = text[: m.start()]
    text = re.sub(r"(?:\s*[(\[]\s*[)\]])+", "", text)  # "Title ()" left by a removed link
    text = text.strip().strip("*_").strip()
    text = re.sub(r"[\s:：\-–—(\[|,;]+$", "", text)
    text = text.strip().strip("\"'“”").strip()
    if text.endswith(".") and not re.search(r"\b(?:[A-Z]|al|etc|vs|[A-Z][a-z]?)\.$", text):
        text = text[:-1].rstrip()
    return text.strip(), label


_PARTICLES = {"van", "von", "der", "den", "de", "da", "di", "del", "della", "la", "le", "du",
              "dos", "das", "ter", "ten", "y", "bin", "al", "el", "zu"}


@functools.lru_cache(maxsize=4096)  # the same few names, line after line
def is_name(item: str) -> bool:
    tokens = item.replace(".", ". ").split()
    if not 1 <= len(tokens) <= 6:
        return False
    if len(tokens) == 1:
        # A lone word is a name only in scripts without spaces between given and family name.
        return bool(_HANGUL.search(tokens[0])) and len(tokens[0]) <= 5
    for token in tokens:
        if token.lower() in _PARTICLES:
            continue
        first = token[0]
        if not (first.isupper() or _HANGUL.match(first)):
            return False
        if any(ch.isdigit() for ch in token[:-1]) or not re.fullmatch(r"[\w.'’\-]+", token):
            return False
    return True


def name_list(text: str) -> list[str]:
    """``A, B and C`` -> [A, B, C] when (nearly) every item is a person's name, else [].

    Footnote marks (``Lillicrap∗``) and a trailing year or affiliation are dropped.
    """
    text = re.sub(r"[∗*†‡§¶]|\d+(?=\s*(?:,|$))", "", collapse(text))
    text = re.sub(r"\(?\b(?:19|20)\d{2}[a-z]?\)?\s*$", "", text).strip(" .;,")
    text = re.sub(r"\s+et\s+al\.?$", "", text)
    items = [i.strip() for i in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*|;\s*", text)]
    items = [i for i in items if i]
    names = [i for i in items if is_name(i)]
    if items and (len(names) == len(items) or (len(names) >= 3 and len(names) >= 0.7 * len(items))):
        return names
    # "OpenAI, Ann Lee": an organisation written as an author beside people's names
    groups = [i for i in items if i not in names and re.fullmatch(r"[A-Z][\w\-&]{1,30}", i)]
    if names and len(names) + len(groups) == len(items):
        return items
    return []


def split_authors(text: str) -> tuple[str, list[str]]:
    """``Title (A, B and C)`` -> (Title, [A, B, C]); text without an author list is kept whole."""
    m = re.match(r"^(.*\S)\s*\(([^()]+)\)\s*$", text)
    if not m:
        return text, []
    names = name_list(m.group(2))
    if names:
        return m.group(1).strip(), names
    return text, []


def title_score(text: str) -> int:
    """How much a piece of text looks like a paper title (higher is more). <= 0: not one."""
    text = collapse(text)
    if not text or len(text) > 400 or ANY_URL.search(text) or text.startswith("#"):
        return 0
    if hangul_ratio(text) > 0.2:
        return 0
    if not re.search(r"[A-Za-z]", text):
        return 0
    core, authors = split_authors(text)
    words = [w for w in re.findall(r"[A-Za-z][\w'\-]*", core) if len(w) > 3]
    if len(core.split()) > 30:
        return 0
    score = 1
    if authors:
        score += 3
    capitalised = bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.5
    if capitalised:
        score += 2
    if ":" in core[: len(core) // 2 + 1] and (capitalised or authors):
        score += 1
    # A sentence ends inside (not an initial, not "vs."): commentary, not a title. Question
    # marks are left alone: "Do You Even Need Attention? A Stack of ..." is one title.
    if re.search(r"(?<![A-Z])(?<!vs)\.\s+\S", core):
        score -= 2
    if core.endswith(".") and not authors:
        score -= 1
    if len(core.split()) == 1 and not authors:
        score -= 1
    return score


def is_title(text: str, least: int = 2) -> bool:
    return title_score(text) >= least and not is_generic(text)


def name_like(text: str) -> bool:
    """A short name used for a paper (``ResNet``, ``GAN``, ``Inception v2,3``, ``FL + STGNN``)."""
    text = visible(text)
    if not text or is_generic(text) or hangul_ratio(text) > 0.3 or len(text) > 80:
        return False
    return bool(re.search(r"[A-Za-z]", text)) and len(text.split()) <= 6


def strip_venue(text: str) -> str:
    """``Title, *AAAI 21*.`` -> ``Title``: a venue and year written after a title."""
    return _VENUE_YEAR.sub("", text).strip()
