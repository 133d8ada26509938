#!/usr/bin/python3
"""The SVG exports against a real XML parser (expat, Python's standard
library), and docs/heatmap.svg against what attnviz writes today.

    svg_check.py ATTNVIZ

Every SVG that attnviz writes for a set of stages, views and sentences
(tokens with markup characters, quotes, control characters and
non-characters among them) must parse, have an <svg> root with a size, and
a fill on every cell. docs/heatmap.svg, the README's picture, must be the
output of `attnviz --dump --format svg` for the README's sentence: when
the picture changes, the file is made again with the command below.
"""
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
FRONT_SENTENCE = "The animal did not cross the street because it was tired ."
FRONT = "docs/heatmap.svg"

SESSIONS = {
    "weights": ["The animal did not cross the street because it was tired ."],
    "markup": ["x < y & \"z\" 'w' > a\x01b \ufffe \u732b\u304c \U0001F431 ]]> <!-- &amp;"],
    "stages": [":heads 2", "I love cats and dogs", ":stage qkv", ":head 1"],
    "pe": ["I love cats", ":view pe"],
    "masked": ["I love cats", ":causal on", ":stage masked"],
    "xv": ["I love cats", ":stage xv", ":select 2 1"],
    "zoom": ["one two three four five six seven", ":zoom 2", ":zoom-mode mean"],
    "mean": [":heads 4", ":dim 16", "I love cats", ":head mean", ":range row"],
}


def export(attnviz, lines, path):
    script = "\n".join(lines + [":export! svg " + path]) + "\n"
    run = subprocess.run([attnviz, "--batch", "-"], input=script.encode(),
                         capture_output=True, timeout=60)
    if run.returncode != 0:
        raise SystemExit("attnviz --batch failed: " + run.stderr.decode(errors="replace"))


def check(path):
    root = ET.parse(path).getroot()
    if root.tag != SVG + "svg":
        return "the root is %s, not svg" % root.tag
    if not (int(root.get("width")) > 0 and int(root.get("height")) > 0):
        return "no size"
    cells = [r for r in root.iter(SVG + "rect") if r.get("id", "").startswith("c")]
    if not cells:
        return "no cells"
    for r in cells:
        if not r.get("fill", "").startswith("#"):
            return "cell %s has no fill" % r.get("id")
    return None


def main():
    attnviz = sys.argv[1]
    bad = 0
    with tempfile.TemporaryDirectory(prefix="attnviz-svg-") as tmp:
        for name, lines in SESSIONS.items():
            path = os.path.join(tmp, name + ".svg")
            export(attnviz, lines, path)
            try:
                why = check(path)
            except ET.ParseError as e:
                why = "does not parse: %s" % e
            print("  %-10s %s" % (name, why or "ok"))
            bad += why is not None
    made = subprocess.run([attnviz, "--dump", "--format", "svg", FRONT_SENTENCE],
                          capture_output=True, timeout=60).stdout
    with open(FRONT, "rb") as f:
        if f.read() != made:
            print("  %s is not what attnviz writes now; make it again with\n"
                  "    ./attnviz --dump --format svg \"%s\" > %s"
                  % (FRONT, FRONT_SENTENCE, FRONT))
            bad += 1
        else:
            print("  %-10s ok" % FRONT)
    print("%d of %d SVG checks failed" % (bad, len(SESSIONS) + 1))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
