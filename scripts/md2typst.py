#!/usr/bin/env python3
"""Converts tenderguard's own Markdown output to typst markup, for the PDF speed comparison.

pandoc gained a typst writer only in 3.1.2 (Debian 12 ships 2.17), so this covers the subset of
CommonMark our Markdown writer emits: headings with an anchor line before them, paragraphs,
bullet and numbered lists (nested by two spaces), pipe tables (with <br> inside cells), bold,
italic, links to anchors and to URLs, and backslash escapes. The result is a complete typst
document on A4 in Liberation Sans, so typst does the same job as our PDF writer: lay out and
embed the same text.

    scripts/md2typst.py security-requirements.md > pack.typ
"""

import re
import sys

# Characters with a meaning in typst markup; each is escaped with a backslash.
SPECIAL = set('\\#*_`$<>@[]~/=-+"')


def escape(text):
    return "".join("\\" + c if c in SPECIAL else c for c in text)


def inline(md):
    """Markdown inline text (our writer's subset) to typst markup."""
    out = []
    i = 0
    while i < len(md):
        c = md[i]
        if c == "\\" and i + 1 < len(md):
            out.append(escape(md[i + 1]))
            i += 2
        elif md.startswith("**", i):
            end = md.find("**", i + 2)
            if end < 0:
                out.append(escape("**"))
                i += 2
                continue
            out.append("#strong[" + inline(md[i + 2:end]) + "]")
            i = end + 2
        elif c in "*_" and md.find(c, i + 1) > i + 1:
            end = md.find(c, i + 1)
            out.append("#emph[" + inline(md[i + 1:end]) + "]")
            i = end + 1
        elif c == "[":
            m = re.match(r"\[((?:\\.|[^\]])*)\]\(([^)]*)\)", md[i:])
            if m:
                label, target = m.group(1), m.group(2)
                if target.startswith("#"):
                    out.append("#link(<" + target[1:] + ">)[" + inline(label) + "]")
                else:
                    out.append('#link("' + target.replace('"', '\\"') + '")[' + inline(label) + "]")
                i += m.end()
            else:
                out.append(escape(c))
                i += 1
        elif md.startswith("<br>", i):
            out.append(" \\ ")
            i += 4
        else:
            out.append(escape(c))
            i += 1
    return "".join(out)


def cells(row):
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    parts, cur, i = [], "", 0
    while i < len(row):
        if row[i] == "\\" and i + 1 < len(row):
            cur += row[i:i + 2]
            i += 2
        elif row[i] == "|":
            parts.append(cur.strip())
            cur = ""
            i += 1
        else:
            cur += row[i]
            i += 1
    parts.append(cur.strip())
    return parts


def convert(lines):
    out = [
        '#set page(paper: "a4", margin: (x: 22mm, y: 25mm), numbering: "1 of 1")',
        '#set text(font: "Liberation Sans", size: 10pt, lang: "en", region: "gb")',
        "#set heading(numbering: none)",
        "#set table(inset: 4pt, stroke: 0.5pt + luma(180))",
        "",
    ]
    label = None
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\n")
        m = re.match(r'<a id="([^"]+)"></a>\s*$', line)
        if m:
            label = m.group(1)
            i += 1
            continue
        m = re.match(r"(#{1,6}) (.*)$", line)
        if m:
            tail = " <" + label + ">" if label else ""
            out.append("=" * len(m.group(1)) + " " + inline(m.group(2)) + tail)
            label = None
            i += 1
            continue
        if line.startswith("|"):
            header = cells(line)
            rows = []
            i += 1
            if i < len(lines) and re.match(r"\|[-:| ]+\|\s*$", lines[i]):
                i += 1
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(cells(lines[i]))
                i += 1
            n = len(header)
            body = ["table.header(" + ", ".join("[" + inline(h) + "]" for h in header) + ")"]
            for r in rows:
                r = (r + [""] * n)[:n]
                body.append(", ".join("[" + inline(c) + "]" for c in r))
            out.append("#table(columns: " + str(n) + ",\n  " + ",\n  ".join(body) + ",\n)")
            continue
        m = re.match(r"( *)(- |\d+\. )(.*)$", line)
        if m:
            depth = len(m.group(1)) // 2
            marker = "-" if m.group(2) == "- " else "+"
            out.append("  " * depth + marker + " " + inline(m.group(3)))
            i += 1
            continue
        out.append(inline(line) if line.strip() else "")
        i += 1
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        sys.stdout.write(convert(f.readlines()))
