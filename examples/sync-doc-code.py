#!/usr/bin/env python3
"""Rewrites every fenced block after an ``<!-- include: PATH#NAME -->`` marker in README.md, examples/README.md and
docs/*.md with the region of PATH between its ``docs:start NAME`` and ``docs:end NAME`` comment lines (dedented;
other regions' marker lines left out): the same rule DocsRegionsTest checks. Run after editing an example."""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INCLUDE = re.compile(r"(<!-- include: ([^#\s]+)#([\w-]+) -->\s*```\w*\n)(.*?)```", re.DOTALL)
MARKER = re.compile(r"^\s*(//|#)\s*docs:(start|end) ([\w-]+)\s*$")


def region(path: str, name: str) -> str:
    lines, inside, ended = [], False, False
    for line in (ROOT / path).read_text().splitlines():
        marker = MARKER.match(line)
        if marker:
            if marker.group(3) == name:
                inside = marker.group(2) == "start"
                ended |= not inside
            continue
        if inside:
            lines.append(line)
    if not ended or not lines:
        sys.exit(f"no region {name} (docs:start/docs:end) in {path}")
    indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    return "".join((line[indent:] if line.strip() else "") + "\n" for line in lines)


def main() -> None:
    docs = [ROOT / "README.md", ROOT / "examples" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for doc in docs:
        text = doc.read_text()
        synced = INCLUDE.sub(lambda m: m.group(1) + region(m.group(2), m.group(3)) + "```", text)
        if synced != text:
            doc.write_text(synced)
            print(f"updated {doc.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
