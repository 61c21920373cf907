#!/usr/bin/env python3
"""CTest label `layout`: the include rules of the source tree (README, "Layout").

sim/ is a pipeline of folders; a file may include its own folder and folders earlier in the
pipeline, never a later one or a sibling. A `*_detail.hpp` header is private to its folder.
models/ never includes sim/; each model folder includes models/common/ and the folders listed
below. Prints every broken rule as file:line and exits 1; exits 0 when the tree keeps them."""
import os
import re
import sys

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Earlier folders first; a folder may include the folders before it.
SIM_ORDER = {
    "base": 0, "config": 1, "workload": 2, "mapping": 3, "run": 4, "report": 5,
    "checks": 6, "memtest": 6, "whatif": 6, "sweep": 7, "app": 8,
}
# What each model folder may include besides itself and common/.
MODEL_DEPS = {
    "common": set(), "sram": set(), "interconnect": set(), "dram": set(), "energy": set(),
    "dma": {"sram"}, "unit": {"dma", "sram"}, "systolic": {"dma", "sram", "unit"},
    "control": {"dma", "sram"}, "vector": {"dma", "sram", "unit"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"((sim|models)/([a-z_]+)/([^"]+))"')


def problems_of(path, top, folder):
    rel = os.path.relpath(path, SRC)
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            inc, itop, ifolder, name = m.groups()
            where = "%s:%d: includes %s: " % (rel, n, inc)
            if name.endswith("_detail.hpp") and (itop, ifolder) != (top, folder):
                yield where + "a _detail header is private to its folder"
            if top == "models":
                if itop == "sim":
                    yield where + "models/ never includes sim/"
                elif ifolder not in ("common", folder) and ifolder not in MODEL_DEPS.get(folder, ()):
                    yield where + "models/%s may include only common/%s" % (
                        folder, "".join(", " + d for d in sorted(MODEL_DEPS.get(folder, ()))))
            elif itop == "sim" and ifolder != folder:
                if ifolder not in SIM_ORDER:
                    yield where + "no such sim/ folder in the pipeline"
                elif SIM_ORDER[ifolder] >= SIM_ORDER[folder]:
                    yield where + "sim/%s comes before sim/%s in the pipeline" % (folder, ifolder)


def main():
    problems = []
    for top in ("sim", "models"):
        for folder in sorted(os.listdir(os.path.join(SRC, top))):
            d = os.path.join(SRC, top, folder)
            if not os.path.isdir(d):
                problems.append("%s/%s: a file outside the folders" % (top, folder))
                continue
            table = SIM_ORDER if top == "sim" else MODEL_DEPS
            if folder not in table:
                problems.append("%s/%s/: a folder the include rules do not know" % (top, folder))
                continue
            for root, _, files in os.walk(d):
                for name in sorted(files):
                    if name.endswith((".hpp", ".cpp")):
                        problems.extend(problems_of(os.path.join(root, name), top, folder))
    for p in problems:
        print(p)
    print("layout: %d include rule(s) broken" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
