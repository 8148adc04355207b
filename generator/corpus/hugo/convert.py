#!/usr/bin/env python3
"""Convert a bulletin site's content/ into a Hugo content/ tree.

Line-based (no YAML round trip, so values stay byte-for-byte):
- kept at the top level: title, date, summary, and the taxonomies
  department, category, tags;
- updated -> lastmod (Hugo's field for it; the sitemap uses it);
- every other top-level key (with its indented continuation lines) moves
  under params:, which Hugo accepts for anything.
The bulletin file names already follow Hugo's translation-by-filename
rule (x.md is the default language zh, x.en.md its English translation),
so names are kept.

usage: convert.py SRC_CONTENT DST_CONTENT
"""
import os
import re
import sys

TOP = {"title", "date", "summary", "department", "category", "tags"}
RENAME = {"updated": "lastmod"}
INDEX = {
    "notices/_index.md": "通知公告",
    "notices/_index.en.md": "通知公告",
    "policies/_index.md": "政策文件",
    "policies/_index.en.md": "政策文件",
    "department/_index.md": "发文机关",
    "department/_index.en.md": "Issuing offices",
    "category/_index.md": "主题分类",
    "category/_index.en.md": "Categories",
    "tags/_index.md": "主题词",
    "tags/_index.en.md": "Keywords",
}
KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):(.*)$")


def convert(text):
    if not text.startswith("---\n"):
        return text
    end = text.find("\n---\n", 4)
    if end < 0:
        return text
    fm = text[4:end].split("\n")
    body = text[end + 5:]
    top, params = [], []
    cur = top
    for line in fm:
        m = KEY.match(line)
        if m:
            k = m.group(1)
            if k in RENAME:
                cur = top
                line = RENAME[k] + ":" + m.group(2)
            elif k in TOP:
                cur = top
            else:
                cur = params
        cur.append(line if cur is top else "  " + line)
    out = top
    if params:
        out = top + ["params:"] + params
    return "---\n" + "\n".join(out) + "\n---\n" + body


def main(src, dst):
    n = 0
    for root, dirs, files in os.walk(src):
        rel = os.path.relpath(root, src)
        os.makedirs(os.path.join(dst, rel), exist_ok=True)
        for f in files:
            if not f.endswith(".md"):
                continue
            with open(os.path.join(root, f), encoding="utf-8") as fh:
                t = fh.read()
            with open(os.path.join(dst, rel, f), "w", encoding="utf-8") as fh:
                fh.write(convert(t))
            n += 1
    # Section and taxonomy titles (bulletin takes them from config.yaml and
    # its i18n; Hugo from _index files). The English section titles are
    # bulletin's defaults for this config (no languages.en.sections), the
    # English policies list exists in bulletin's output too, though empty.
    for path, title in INDEX.items():
        full = os.path.join(dst, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as fh:
            fh.write("---\ntitle: %s\n---\n" % title)
        n += 1
    print(f"converted {n} files (with {len(INDEX)} _index files)", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
