"""A Pagefind bundle is only reported written when its entry file reads back."""

from __future__ import annotations

from pathlib import Path

from digestwiki.search import bundle_problem


def test_a_truncated_entry_file_is_a_problem(tmp_path: Path) -> None:
    bundle = tmp_path / "pagefind"
    bundle.mkdir()
    assert bundle_problem(bundle) is not None  # no entry file at all
    (bundle / "pagefind-entry.json").write_text("", encoding="utf-8")  # written, cut short
    assert "does not read back" in (bundle_problem(bundle) or "")
    (bundle / "pagefind-entry.json").write_text('{"version":"1.5.2","languages":{}}',
                                                encoding="utf-8")
    assert bundle_problem(bundle) == "its entry file lists no index"
    (bundle / "pagefind-entry.json").write_text(
        '{"version":"1.5.2","languages":{"ko":{"hash":"ko_1","page_count":3}}}',
        encoding="utf-8")
    assert bundle_problem(bundle) is None
