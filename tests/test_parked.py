"""Pages' HTML parked compressed between conversion and template (plugin memory)."""

from __future__ import annotations

from digestwiki.parked import Parked


def test_parked_html_comes_back_whole_once_and_is_held_smaller() -> None:
    html = "".join(f'<p>트랜스포머를 {i} <a href="../x-{i}/">x</a></p>\n' for i in range(500))
    parked = Parked()
    assert parked.park("papers/x.md", html) == ""
    assert len(parked) == 1
    assert len(parked._html["papers/x.md"]) < len(html.encode()) // 4
    assert parked.take("papers/x.md") == html
    assert parked.take("papers/x.md") is None  # taken: the memory is given back
    assert parked.take("papers/never.md") is None
