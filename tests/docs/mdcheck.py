#!/usr/bin/env python3
"""Reads the project's Markdown for the docs tests.

  mdcheck.py figures FILE...
      every marked figure, <!-- fig:NAME -->VALUE<!-- /fig -->, as
      "FILE:LINE<tab>NAME<tab>VALUE"; a marker left open, or with no value,
      is an error (exit 1).
  mdcheck.py links [--pending PATH]... FILE...
      every relative link, [text](path#anchor), must name a file or folder
      that exists and, for a Markdown file, a heading of it (GitHub's
      anchors); PATHs given as pending (pages announced, not written yet)
      pass and are listed.  Exit 1 on a broken link, saying which.

Text in code (fenced blocks and `spans`) is neither a figure nor a link.
"""
import os
import re
import sys

FIG = re.compile(r"<!-- fig:([a-z0-9.-]+) -->(.*?)<!-- /fig -->")
FIG_OPEN = re.compile(r"<!-- /?fig\b")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")


def prose(path):
    """(line number, line) of the file outside fenced code, spans blanked."""
    fence = None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            m = re.match(r"^\s*(```|~~~)", line)
            if m:
                fence = None if fence == m.group(1) else fence or m.group(1)
                continue
            if fence is None:
                yield n, re.sub(r"`[^`]*`", "``", line.rstrip("\n"))


def figures(files):
    bad = 0
    for path in files:
        for n, line in prose(path):
            found = FIG.findall(line)
            for name, value in found:
                if not value.strip():
                    print(f"{path}:{n}: fig:{name} has no value", file=sys.stderr)
                    bad = 1
                print(f"{path}:{n}\t{name}\t{value.strip()}")
            if len(FIG_OPEN.findall(line)) != 2 * len(found):
                print(f"{path}:{n}: a figure marker is not of the form "
                      "<!-- fig:NAME -->VALUE<!-- /fig --> on one line", file=sys.stderr)
                bad = 1
    return bad


def slug(heading):
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to '-'."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "")
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def anchors(path):
    seen, out = {}, set()
    fence = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^\s*(```|~~~)", line)
            if m:
                fence = None if fence == m.group(1) else fence or m.group(1)
                continue
            h = HEADING.match(line) if fence is None else None
            if h:
                s = slug(h.group(1))
                out.add(s if s not in seen else f"{s}-{seen[s]}")
                seen[s] = seen.get(s, 0) + 1
    return out


def links(files, pending):
    bad = 0
    pending = {os.path.normpath(p) for p in pending}
    for path in files:
        for n, line in prose(path):
            for target in LINK.findall(line):
                if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                    continue            # a URL, not a path of the project
                name, _, anchor = target.partition("#")
                dest = os.path.normpath(os.path.join(os.path.dirname(path), name)) if name else path
                if dest in pending:
                    print(f"{path}:{n}: {target}: pending (not written yet)")
                    continue
                if not os.path.exists(dest):
                    print(f"{path}:{n}: {target}: no such file", file=sys.stderr)
                    bad = 1
                elif anchor and dest.endswith(".md") and anchor not in anchors(dest):
                    print(f"{path}:{n}: {target}: no heading with anchor #{anchor} in {dest}",
                          file=sys.stderr)
                    bad = 1
    return bad


def main(argv):
    if len(argv) < 2 or argv[1] not in ("figures", "links"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    if argv[1] == "figures":
        return figures(argv[2:])
    args, pending = argv[2:], []
    while len(args) >= 2 and args[0] == "--pending":
        pending.append(args[1])
        args = args[2:]
    return links(args, pending)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
