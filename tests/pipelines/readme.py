# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
"""Prints a recipe of README.md as a shell script, for the tests to run.

  readme.py README NAME [OLD NEW]...

A recipe is the indented code block after a line `<!-- recipe: NAME -->`.
Each OLD is replaced by NEW everywhere in it (a camera by a test source,
a model by a test one); an OLD not in the recipe is an error, so a recipe
that changes fails its test rather than run something else. Standard
library only.
"""
import sys


def recipe(path, name):
    with open(path) as f:
        lines = f.read().split("\n")
    marker = "<!-- recipe: %s -->" % name
    if marker not in lines:
        sys.exit("readme: no recipe %s in %s" % (name, path))
    i = lines.index(marker) + 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    block = []
    while i < len(lines) and (lines[i].startswith("    ")
                              or not lines[i].strip()):
        block.append(lines[i][4:])
        i += 1
    while block and not block[-1].strip():
        block.pop()
    if not block:
        sys.exit("readme: recipe %s has no code block" % name)
    return "\n".join(block) + "\n"


def main():
    if len(sys.argv) < 3 or len(sys.argv) % 2 == 0:
        sys.exit(__doc__.strip())
    text = recipe(sys.argv[1], sys.argv[2])
    pairs = sys.argv[3:]
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            sys.exit("readme: recipe %s has no '%s':\n%s"
                     % (sys.argv[2], old, text))
        text = text.replace(old, new)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
