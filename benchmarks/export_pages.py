"""An MkDocs hook for the scale benchmark: copy every generated page out of the build.

``benchmarks/scale.py`` lists this file under ``hooks:`` of the DigestWiki build it times, with
``DIGESTWIKI_EXPORT`` naming a folder. After every plugin has added its files, each generated
file (pages, .bib, papers.json, assets) is written there, so the FLOOR build (plain MkDocs +
Material, no DigestWiki) can build exactly the same pages. The seconds spent exporting go to
``DIGESTWIKI_EXPORT/.export-seconds`` and are subtracted from the timed build.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files


@event_priority(-100)  # after DigestWiki (-50) and gen-files (0)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    target = os.environ.get("DIGESTWIKI_EXPORT")
    if not target:
        return files
    start = time.perf_counter()
    out = Path(target)
    for file in files:
        if file.generated_by is None:
            continue
        path = out / file.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file.content_bytes)
    (out / ".export-seconds").write_text(f"{time.perf_counter() - start:.3f}\n")
    return files
