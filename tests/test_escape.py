"""escape.py and sanitize.py: each output language, tried with what an attacker would write."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from digestwiki import escape
from digestwiki.render import environment, front_matter
from digestwiki.sanitize import sanitize_note_html
from hostile.corpus import injections

EXTENSIONS = ["attr_list", "md_in_html", "tables", "pymdownx.superfences"]


def md_html(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


# --- HTML ---------------------------------------------------------------------------------------


def test_html_text_and_attr_never_make_markup() -> None:
    hostile = "</title><script>alert(1)</script> \" ' &lt;"
    assert "<" not in escape.html_text(hostile) and '"' not in escape.html_text(hostile)
    assert escape.html_text("&lt;") == "&amp;lt;"  # an entity stays the characters written
    assert escape.html_attr("a\nb\x00c\u2028d") == "a bc d"


def test_front_matter_escapes_what_material_prints_raw() -> None:
    text = front_matter({"title": "</title><script>alert(1)</script>",
                         "tags": ["<img src=x onerror=alert(2)>", "a&b"],
                         "description": '"><script>alert(3)</script>',
                         "digestwiki": {"kind": "digest", "source": "docs/digests/<x>.md"}})
    data = yaml.safe_load(text)
    assert data["title"] == "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    assert data["tags"] == ["&lt;img src=x onerror=alert(2)&gt;", "a&amp;b"]
    assert data["description"] == "&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"
    assert data["digestwiki"]["source"] == "docs/digests/<x>.md"  # not shown: kept as is


def test_front_matter_titles_stay_one_line() -> None:
    data = yaml.safe_load(front_matter({"title": "a\n---\nevil: true"}))
    assert data == {"title": "a --- evil: true"}


# --- URLs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "\x01javascript:alert(1)", "data:text/html,<script>", "vbscript:x",
    "file:///etc/passwd", "//evil.example/x", "https:alert(1)", "", None,
])
def test_safe_url_drops_everything_but_http(url: str | None) -> None:
    assert escape.safe_url(url) is None


def test_safe_url_keeps_web_urls_and_encodes_what_ends_a_link() -> None:
    assert escape.safe_url("https://arxiv.org/abs/2007.10909") == \
        "https://arxiv.org/abs/2007.10909"
    assert escape.safe_url("https://openreview.net/forum?id=Bk&x=1#a") == \
        "https://openreview.net/forum?id=Bk&x=1#a"
    assert escape.safe_url('https://x.org/a b")<script>') == \
        "https://x.org/a%20b%22%29%3Cscript%3E"
    assert escape.safe_url("papers/x.md", relative=True) == "papers/x.md"
    assert escape.safe_url(" \x01https://x.org/ok\n") == "https://x.org/ok"
    assert escape.safe_url("javascript:x", relative=True) is None


def test_url_filter_in_a_markdown_link_cannot_break_out() -> None:
    env = environment()
    out = env.from_string("[DOI](https://doi.org/{{ doi | url_part }}) "
                          "[x]({{ link | url }})").render(
        doi='10.1/x) <img src=x onerror=alert(1)> (', link="javascript:alert(2)")
    html = md_html(out)
    assert injections(html) == [] and "<img" not in html
    assert 'href="https://doi.org/10.1/x%29%20%3Cimg' in html


# --- Markdown -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "When k < n & m > 2", "&lt;script&gt;alert(1)&lt;/script&gt;", "[x](javascript:alert(1))",
    "*bold* _it_ `code` # not a heading", "<img src=x onerror=alert(1)>", "a | b { #id }",
    "back\\slash", "line\n# heading\n<script>alert(1)</script>",
])
def test_md_text_shows_exactly_what_was_written(text: str) -> None:
    html = md_html(escape.md_text(text))
    assert html.startswith("<p>") and html.count("<p>") == 1
    shown = ET.fromstring(html).text
    assert shown == " ".join(text.split("\n"))
    assert injections(html) == []


def test_md_code_and_fence_hold_any_backticks() -> None:
    assert md_html("x " + escape.md_code("a ``` b` <img src=x onerror=alert(1)>")).count(
        "<code>") == 1
    bib = "@misc{x,\n title={```\n<script>alert(1)</script>\n```}\n}"
    html = md_html(escape.md_fence(bib, "bibtex"))
    assert injections(html) == [] and "&lt;script&gt;" in html


# --- XML, YAML, BibTeX, GitHub ------------------------------------------------------------------


def test_xml_text_drops_what_xml_forbids() -> None:
    text = escape.xml_text("a\x00b\x0bc\ud800d <e> & \"f\" \U0001f600")
    ET.fromstring(f"<t a=\"{text}\">{text}</t>")  # parses
    assert text.startswith("abcd &lt;e&gt; &amp;")


def test_yaml_scalar_round_trips() -> None:
    for value in ["a: b", "- x", "&anchor *alias", "yes", "2020-13-45", "'\"", "\n"]:
        assert yaml.safe_load(escape.yaml_scalar(value)) == value.strip("\n") or value == "\n"


def test_bibtex_text_is_text_not_latex() -> None:
    hostile = "\\input{/etc/passwd} \\write18{rm -rf} {unbalanced } } % # & _ $x^2$ é 한국"
    field = escape.bibtex_text(hostile)
    assert "\\input{" not in field and "\\write18{" not in field
    assert field.count("{") == field.count("}")  # braces balanced whatever came in
    parse_string(f"@misc{{k, title = {{{field}}}}}", "bibtex")  # pybtex reads it
    assert "한국" in field and "\\'e" in field


def test_github_escaping_per_workflow_command_rules() -> None:
    assert escape.gh_data("50% done\r\n::error::x") == "50%25 done%0D%0A::error::x"
    assert escape.gh_property("a:b,c\nd%") == "a%3Ab%2Cc%0Ad%25"
    assert escape.gh_log_line("title\n::add-mask::secret") == "title\\n::add-mask::secret"
    assert escape.gh_log_line("  ::stop-commands::x").startswith("> ")
    assert "##[" not in escape.gh_log_line("x ##[error]y")


# --- the note HTML sanitizer --------------------------------------------------------------------


@pytest.mark.parametrize("html", [
    '<a href="javascript:alert(1)">x</a>', '<a href="JAVASCRIPT:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>', '<img src=x onerror="alert(1)">',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">', "<script>alert(1)</script>",
    '<svg onload="alert(1)"></svg>', '<iframe src="https://evil.example"></iframe>',
    '<object data="x"></object>', '<div onclick="alert(1)">x</div>',
    '<details ontoggle="alert(1)" open>x</details>', '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph>"
    "</table></mtext></math>",
    '<a href="vbscript:msgbox(1)">x</a>', '<p style="background:url(javascript:alert(1))">x</p>',
])
def test_sanitizer_removes_every_way_to_run_script(html: str) -> None:
    clean = sanitize_note_html(html)
    assert injections(clean) == []
    assert "<script" not in clean and "<iframe" not in clean and "<base" not in clean
    assert "style=" not in clean


def test_sanitizer_keeps_what_notes_use() -> None:
    html = ('<h3><a href="https://openreview.net/pdf?id=Bk" target="_blank"><b>1. Title</b></a>'
            '</h3><p>see <a href="../papers/x/">wiki</a>, <a href="mailto:a@b.org">mail</a>'
            '<sup>1</sup><sub>2</sub></p><figure><img src="/assets/img/x.png" alt="fig">'
            "<figcaption>Figure 1</figcaption></figure><table><tr><td colspan=\"2\">c</td></tr>"
            "</table><details><summary>more</summary><pre><code>x = 1</code></pre></details>"
            '<div class="note" id="n1"><span class="k">k</span></div>')
    clean = sanitize_note_html(html)
    for kept in ('href="https://openreview.net/pdf?id=Bk"', 'target="_blank"', "<b>1. Title</b>",
                 'href="../papers/x/"', 'href="mailto:a@b.org"', "<sup>1</sup>", "<sub>2</sub>",
                 'src="/assets/img/x.png"', 'alt="fig"', "<figcaption>Figure 1</figcaption>",
                 'colspan="2"', "<summary>more</summary>", "<pre><code>x = 1</code></pre>",
                 'class="note"', 'id="n1"', '<span class="k">'):
        assert kept in clean, kept
    assert clean.count("<a ") == html.count("<a ")  # links are kept as written, not rewritten


_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"),
                max_size=80)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_any_text_through_md_text_is_one_paragraph_of_that_text(text: str) -> None:
    shown_as = " ".join(escape.one_line(text).split())
    if not shown_as:
        return
    html = md_html(escape.md_text(text))
    assert injections(html) == []
    node = ET.fromstring(html)
    assert node.tag == "p" and len(node) == 0
    assert " ".join((node.text or "").split()) == shown_as


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_any_text_through_html_and_xml_escaping_reads_back_as_itself(text: str) -> None:
    printable = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", text)
    assert html.unescape(escape.html_text(text)) == printable
    assert "<" not in escape.html_text(text) and '"' not in escape.html_attr(text)
    xml_ok = re.sub("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", "", text)
    assert (ET.fromstring(f"<p>{escape.xml_text(text)}</p>").text or "") == xml_ok
