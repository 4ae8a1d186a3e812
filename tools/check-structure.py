#!/usr/bin/env python3
# check-structure.py: the sizes and seams of STYLE.md, checked on every test run, so they hold
# for every later change: no C file outside tests/ over 1,200 lines, no function over 120 lines,
# no include cycle between modules except graph <-> ops, and no layer including one above it
# (core < ui/draw < ui/common (GTK pieces the pages share) < ui/graph < ui/lab < app), and no GTK
# where the layers promise none. Prints TAP; exits 1 on a breach.
#
#   tools/check-structure.py [ROOT]          check the tree (ROOT: the repository, default ..)
#   tools/check-structure.py --sizes [ROOT]  list the longest files and functions
import os, re, sys

MAX_FILE_LINES = 1200
MAX_FUNCTION_LINES = 120
ALLOWED_CYCLES = [{"core/graph", "core/ops"}]
SOURCE_DIRS = ["core", "ui", "app"]

# What each folder may include, beside itself (docs/architecture.md draws the same map).
LAYERS = {
    "core": {"core"},
    "ui/draw": {"core", "ui/draw"},
    "ui/common": {"core", "ui/draw", "ui/common"},
    "ui/graph": {"core", "ui/draw", "ui/common", "ui/graph"},
    "ui/lab": {"core", "ui/draw", "ui/common", "ui/graph", "ui/lab"},
    "app/cli": {"core", "ui/draw", "ui/common", "ui/graph", "ui/lab", "app/cli"},
    "app/window": {"core", "ui/draw", "ui/common", "ui/graph", "ui/lab", "app/window"},
    "app": {"core", "ui/draw", "ui/common", "ui/graph", "ui/lab", "app/cli", "app/window", "app"},
}


# Headers a folder may not include: the core has no GTK, Cairo or Pango; the drawing and the
# lab's runner have no GTK (export and the worker thread run without a display).
FORBIDDEN = [
    ("core/", ("gtk/", "adwaita", "cairo", "pango", "graphviz/")),
    ("ui/draw/", ("gtk/", "adwaita")),
    ("ui/lab/adj-lab-runner", ("gtk/", "adwaita")),
    ("ui/", ("adwaita",)),
]


def sources(root):
    for top in SOURCE_DIRS:
        for d, _, names in os.walk(os.path.join(root, top)):
            for n in sorted(names):
                if n.endswith((".c", ".h")):
                    yield os.path.relpath(os.path.join(d, n), root)


def functions(path, text):
    """Yields (name, first line, length) of each function defined GNU style: the name at column 0,
    the body from a '{' at column 0 to the next '}' at column 0."""
    lines = text.split("\n")
    name, start = None, None
    for i, line in enumerate(lines):
        m = re.match(r"^([A-Za-z_]\w*)\s*\(", line)
        if m and start is None:
            name = m.group(1)
        if line.startswith("{") and name and start is None:
            start = i
        elif line.startswith("}") and start is not None:
            yield name, start + 1, i - start + 1
            name, start = None, None


def module(path):
    # A private header (adj-window-private.h: the struct the window's files share) is part of
    # its module, as the .h beside the .c is.
    return re.sub(r"-private$", "", os.path.splitext(path)[0])


def folder(path):
    d = os.path.dirname(path)
    return d


def include_graph(root, files):
    edges = {}
    for f in files:
        with open(os.path.join(root, f), encoding="utf-8") as fh:
            for inc in re.findall(r'^#include "((?:core|ui|app)/[^"]+)"', fh.read(), re.M):
                a, b = module(f), module(inc)
                if a != b:
                    edges.setdefault(a, set()).add(b)
    return edges


def cycles(edges):
    """Strongly connected components with more than one module (Tarjan's, iterative)."""
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]
    nodes = set(edges) | {b for bs in edges.values() for b in bs}
    for start in sorted(nodes):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter[0]; counter[0] += 1
        stack.append(start); on.add(start)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter[0]; counter[0] += 1
                    stack.append(w); on.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = set()
                while True:
                    w = stack.pop(); on.discard(w); comp.add(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(comp)
    return out


def main(argv):
    sizes = "--sizes" in argv
    args = [a for a in argv if not a.startswith("--")]
    root = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    files = list(sources(root))
    results = []

    big_files, big_functions, all_functions = [], [], []
    for f in files:
        with open(os.path.join(root, f), encoding="utf-8") as fh:
            text = fh.read()
        n = text.count("\n")
        if n > MAX_FILE_LINES:
            big_files.append(f"{f}: {n} lines")
        for name, line, length in functions(f, text):
            all_functions.append((length, f"{f}:{line}: {name}"))
            if length > MAX_FUNCTION_LINES:
                big_functions.append(f"{f}:{line}: {name} is {length} lines")
    if sizes:
        for length, where in sorted(all_functions, reverse=True)[:25]:
            print(f"{length:5} {where}")
        return 0
    results.append((f"no C file over {MAX_FILE_LINES} lines", big_files))
    results.append((f"no function over {MAX_FUNCTION_LINES} lines", big_functions))

    edges = include_graph(root, files)
    bad = [c for c in cycles(edges) if c not in ALLOWED_CYCLES]
    results.append(("no include cycle but graph <-> ops", [" <-> ".join(sorted(c)) for c in bad]))

    upward = []
    for a, bs in sorted(edges.items()):
        fa = folder(a)
        allowed = LAYERS.get(fa)
        if allowed is None:
            upward.append(f"{a}: folder {fa} is not in the layer map")
            continue
        for b in sorted(bs):
            if folder(b) not in allowed:
                upward.append(f"{a} includes {b}")
    results.append(("every include goes down the layers", upward))

    banned = []
    for f in files:
        with open(os.path.join(root, f), encoding="utf-8") as fh:
            system = re.findall(r'^#include <([^>]+)>', fh.read(), re.M)
        for prefix, bad in FORBIDDEN:
            if f.startswith(prefix):
                banned += [f"{f} includes <{h}>" for h in system if h.startswith(bad) or any(b in h for b in bad)]
    results.append(("no GTK in core/, ui/draw/ or the lab's runner; libadwaita only in app/", banned))

    failed = 0
    print(f"1..{len(results)}")
    for i, (what, problems) in enumerate(results, 1):
        print(f"{'not ok' if problems else 'ok'} {i} {what}")
        for p in problems:
            print(f"# {p}")
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
