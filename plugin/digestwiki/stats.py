"""Numbers about the wiki, and small SVG bar charts of them (no plotting library, no network).

Used by ``scripts/gen_stats.py`` (a mkdocs-gen-files script) to make the statistics page;
site owners can call the same functions from their own scripts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .escape import html_text as escape  # SVG text: escaped, control characters dropped
from .graph import Paper, Wiki


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    title: str = ""  # tooltip; the label when empty


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def per_month(wiki: Wiki) -> list[tuple[str, int, int]]:
    """``(YYYY-MM, digests, papers reviewed)`` for every month from the first digest to the
    last (months without a digest included, as zeros). Undated digests are left out."""
    digests: Counter[str] = Counter()
    papers: Counter[str] = Counter()
    for d in wiki.digests:
        if not d.date or len(d.date) < 7:
            continue
        month = d.date[:7]
        digests[month] += 1
        papers[month] += len({wiki.aliases.get(e.id, e.id) for e in d.entries})
    if not digests:
        return []
    return [(m, digests[m], papers[m]) for m in _months(min(digests), max(digests))]


def most_discussed(wiki: Wiki, limit: int = 10) -> list[tuple[Paper, int]]:
    """Papers by the number of digests that review or mention them (at least two)."""
    counts = [(p, len({b.digest.id for b in p.backlinks})) for p in wiki.papers.values()]
    ranked = sorted((c for c in counts if c[1] > 1), key=lambda c: (-c[1], c[0].display_title))
    return ranked[:limit]


def most_reviewed_authors(wiki: Wiki, limit: int = 10) -> list[tuple[str, int]]:
    """Authors by the number of their papers a digest reviewed."""
    counts: Counter[str] = Counter()
    for paper in wiki.papers.values():
        if paper.reviewed_in:
            for name in dict.fromkeys(a.strip() for a in paper.authors if a.strip()):
                counts[name] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def column_chart(bars: list[Bar], title: str, height: int = 160, width: int = 640) -> str:
    """Vertical bars, one per label (e.g. months), as an inline SVG."""
    if not bars:
        return ""
    top = max(b.value for b in bars) or 1
    pad_left, pad_bottom, pad_top = 28, 44, 14
    slot = (width - pad_left) / len(bars)
    bar_w = max(2.0, slot * 0.7)
    plot_h = height - pad_bottom - pad_top
    parts = [f'<svg class="dw-chart" role="img" viewBox="0 0 {width} {height}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
             f'<line class="dw-axis" x1="{pad_left}" y1="{height - pad_bottom}" x2="{width}" '
             f'y2="{height - pad_bottom}"/>',
             f'<text class="dw-tick" x="{pad_left - 4}" y="{pad_top + 4}" '
             f'text-anchor="end">{top}</text>',
             f'<text class="dw-tick" x="{pad_left - 4}" y="{height - pad_bottom}" '
             f'text-anchor="end">0</text>']
    every = max(1, round(len(bars) / 12))
    for i, bar in enumerate(bars):
        h = plot_h * bar.value / top
        x = pad_left + i * slot + (slot - bar_w) / 2
        y = height - pad_bottom - h
        tip = escape(bar.title or f"{bar.label}: {bar.value}")
        parts.append(f'<rect class="dw-bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                     f'height="{h:.1f}"><title>{tip}</title></rect>')
        if i % every == 0:
            cx = x + bar_w / 2
            parts.append(f'<text class="dw-tick" x="{cx:.1f}" y="{height - pad_bottom + 12}" '
                         f'text-anchor="end" transform="rotate(-45 {cx:.1f} '
                         f'{height - pad_bottom + 12})">{escape(bar.label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(bars: list[Bar], title: str, width: int = 640, row: int = 22,
              label_width: int = 300) -> str:
    """Horizontal bars with their labels (e.g. papers, authors), as an inline SVG."""
    if not bars:
        return ""
    top = max(b.value for b in bars) or 1
    height = row * len(bars) + 8
    plot_w = width - label_width - 40
    parts = [f'<svg class="dw-chart" role="img" viewBox="0 0 {width} {height}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for i, bar in enumerate(bars):
        y = 4 + i * row
        w = plot_w * bar.value / top
        label = bar.label if len(bar.label) <= 44 else bar.label[:42] + "…"
        parts.append(f'<text class="dw-label-text" x="{label_width - 6}" y="{y + row * 0.65:.1f}" '
                     f'text-anchor="end">{escape(label)}<title>{escape(bar.title or bar.label)}'
                     f'</title></text>')
        parts.append(f'<rect class="dw-bar" x="{label_width}" y="{y + 3}" width="{w:.1f}" '
                     f'height="{row - 6}"><title>{escape(bar.label)}: {bar.value}</title></rect>')
        parts.append(f'<text class="dw-tick" x="{label_width + w + 4:.1f}" '
                     f'y="{y + row * 0.65:.1f}">{bar.value}</text>')
    parts.append("</svg>")
    return "".join(parts)
