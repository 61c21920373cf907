"""Plots of a `sasim sweep` folder (results.csv): a metric vs one swept axis with one line per
combination of the other axes (grouped bars when the axis is a workload or another category),
and a heatmap over two axes (others fixed); the Pareto fronts are in plot_pareto. Points that
failed are left out. Titles name the sweep and the design's fixed parameters."""
import math
import os
import re

from plot_common import (ReportError, csv_columns, design_text, label, number, pyplot,
                         read_config, read_csv, save)


class Sweep:
    def __init__(self, sweep_dir, where=()):
        path = os.path.join(sweep_dir, "results.csv")
        self.rows = read_csv(path)
        columns = csv_columns(path)
        if "workload" not in columns or "status" not in columns:
            raise ReportError("%s: not a sasim sweep results.csv" % path)
        self.columns = columns
        self.keys = columns[columns.index("workload") + 1: columns.index("status")]
        self.fixed = {}
        for item in where:
            key, _, value = item.partition("=")
            if key not in columns:
                raise ReportError("--where %s: no column '%s' in %s" % (item, key, path))
            self.fixed[key] = value
        self.ok = [r for r in self.rows if r["status"] == "ok" and
                   all(r[k] == v for k, v in self.fixed.items())]
        if not self.ok:
            raise ReportError("%s: no successful points to plot" % path)
        # The axes: swept keys that take more than one value (workload too, if several); keys
        # of a [[zip]] (values in one-to-one correspondence) form one axis, led by the first.
        self.axes, self.linked = [], {}
        for k in [k for k in ["workload"] + self.keys if len(self.values(k)) > 1]:
            lead = next((a for a in self.axes if self.one_to_one(a, k)), None)
            if lead is None:
                self.axes.append(k)
                self.linked[k] = []
            else:
                self.linked[lead].append(k)
        self.name = spec_name(os.path.join(sweep_dir, "sweep.toml"))
        try:  # the design of the first point, for titles (swept keys are left out)
            config = read_config(os.path.join(sweep_dir, "points", self.ok[0]["id"],
                                              "config.toml"))
            self.design = design_text(config, skip=self.keys)
        except ReportError:
            self.design = ""

    def values(self, key, rows=None):
        seen = []
        for r in self.rows if rows is None else rows:
            if r[key] not in seen:
                seen.append(r[key])
        return seen

    def one_to_one(self, a, b):
        pairs = {(r[a], r[b]) for r in self.rows}
        return len(pairs) == len({p[0] for p in pairs}) == len({p[1] for p in pairs})

    def axis_label(self, key):
        """'array.rows (= array.cols)' for a zipped axis."""
        followers = self.linked.get(key, [])
        return label(key) + (" (= %s)" % ", ".join(followers) if followers else "")

    def numeric(self, key):
        return all(number(v) is not None for v in self.values(key))

    def title(self, what):
        configs = ", ".join(self.values("config", self.ok))
        workloads = ", ".join(self.values("workload", self.ok))
        head = "sweep '%s': " % self.name if self.name else ""
        design = ": %s" % self.design if self.design else ""
        return "%s\n%sconfig '%s'%s\nworkload '%s'" % (what, head, configs, design, workloads)

    def pick_axes(self, count, given=()):
        chosen = [a for a in given if a]
        for a in chosen:
            if a not in self.keys and a != "workload":
                raise ReportError("'%s' is not a swept key (swept: %s)" % (a, ", ".join(
                    self.keys)))
        for a in self.axes:
            if len(chosen) >= count:
                break
            if a not in chosen:
                chosen.append(a)
        if len(chosen) < count:
            raise ReportError("this plot needs %d swept axes with 2+ values; the sweep has %s"
                              % (count, ", ".join(self.axes) or "none"))
        return chosen


def spec_name(path):
    try:
        m = re.search(r'^name\s*=\s*"([^"]*)"', open(path).read(), re.M)
        return m.group(1) if m else ""
    except OSError:
        return ""


def set_x_axis(ax, sweep, x):
    vals = [number(v) for v in sweep.values(x, sweep.ok)]
    if sweep.numeric(x) and min(vals) > 0 and max(vals) / min(vals) >= 4 and all(
            math.log2(v).is_integer() for v in vals):
        ax.set_xscale("log", base=2)
        ax.set_xticks(sorted(vals))
        ax.set_xticklabels([sweep.values(x, sweep.ok)[vals.index(v)] for v in sorted(vals)])


def series(sweep, x):
    """The other axes' value combinations, each with its points, in order of appearance."""
    others = [a for a in sweep.axes if a != x]
    groups = {}
    for r in sweep.ok:
        groups.setdefault(tuple(r[o] for o in others), []).append(r)
    return others, groups


def lines(sweep, out_dir, metric="total_cycles", x=None, formats=("png", "svg")):
    x = sweep.pick_axes(1, [x])[0]
    if x == "workload" or not sweep.numeric(x):
        return bars(sweep, out_dir, metric, x, formats)
    others, groups = series(sweep, x)
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(10, 5), layout="constrained")
    for i, (combo, rows) in enumerate(groups.items()):
        pts = sorted((number(r[x]), number(r[metric])) for r in rows)
        text = ", ".join("%s=%s" % kv for kv in zip(others, combo)) or metric
        line, = ax.plot([p[0] for p in pts], [p[1] for p in pts], "o-", label=text)
        line.set_gid("series-%d" % i)
    set_x_axis(ax, sweep, x)
    ax.set_xlabel(sweep.axis_label(x))
    ax.set_ylabel(label(metric))
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    fig.suptitle(sweep.title("%s vs %s" % (metric, x)), fontsize=10)
    return save(fig, out_dir, "sweep_lines", formats)


def bars(sweep, out_dir, metric, x, formats):
    """Grouped bars: one group per value of a categorical axis (a workload, a dataflow), one
    bar per combination of the other axes (ids 'bar-<series>-<value>'). Lines would suggest an
    order between the categories that is not there."""
    others, groups = series(sweep, x)
    categories = sweep.values(x, sweep.ok)
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(max(8, 1.2 * len(categories) * max(1, len(groups)) / 3 + 4),
                                    5), layout="constrained")
    width = 0.8 / max(1, len(groups))
    for i, (combo, rows) in enumerate(groups.items()):
        by_value = {r[x]: number(r[metric]) for r in rows}
        xs = [j - 0.4 + width * (i + 0.5) for j, c in enumerate(categories) if c in by_value]
        ys = [by_value[c] for c in categories if c in by_value]
        text = ", ".join("%s=%s" % kv for kv in zip(others, combo)) or metric
        drawn = ax.bar(xs, ys, width=width * 0.95, label=text)
        for c, patch in zip([c for c in categories if c in by_value], drawn.patches):
            patch.set_gid("bar-%d-%s" % (i, c))
    ax.set_xticks(range(len(categories)))
    ax.set_xticklabels(categories)
    ax.set_xlabel(sweep.axis_label(x))
    ax.set_ylabel(label(metric))
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    fig.suptitle(sweep.title("%s per %s" % (metric, x)), fontsize=10)
    return save(fig, out_dir, "sweep_bars", formats)


def heatmap(sweep, out_dir, metric="total_cycles", x=None, y=None, formats=("png", "svg")):
    x, y = sweep.pick_axes(2, [x, y])
    fixed = {a: sweep.values(a, sweep.ok)[0] for a in sweep.axes if a not in (x, y)}
    rows = [r for r in sweep.ok if all(r[a] == v for a, v in fixed.items())]
    xs, ys = sweep.values(x, rows), sweep.values(y, rows)
    grid = [[math.nan] * len(xs) for _ in ys]
    for r in rows:
        grid[ys.index(r[y])][xs.index(r[x])] = number(r[metric])
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(max(6, 1.1 * len(xs) + 3), max(4.5, 0.6 * len(ys) + 2.5)))
    image = ax.imshow(grid, origin="lower", aspect="auto", cmap="viridis_r")
    image.set_gid("heatmap")
    known = [v for row in grid for v in row if not math.isnan(v)]
    lo, hi = min(known), max(known)
    for yi, row in enumerate(grid):
        for xi, v in enumerate(row):
            dark = not math.isnan(v) and hi > lo and (v - lo) / (hi - lo) > 0.5  # viridis_r
            text = ax.text(xi, yi, "-" if math.isnan(v) else "%.4g" % v, ha="center",
                           va="center", fontsize=8, color="white" if dark else "black")
            text.set_gid("cell-%d-%d" % (yi, xi))
    ax.set_xticks(range(len(xs)))
    ax.set_xticklabels(xs)
    ax.set_yticks(range(len(ys)))
    ax.set_yticklabels(ys)
    ax.set_xlabel(sweep.axis_label(x))
    ax.set_ylabel(sweep.axis_label(y))
    fig.colorbar(image, ax=ax).set_label(label(metric))
    where = ", ".join("%s=%s" % kv for kv in fixed.items())
    fig.suptitle(sweep.title("%s over %s x %s%s" % (metric, x, y,
                                                    " (%s)" % where if where else "")),
                 fontsize=10)
    fig.tight_layout()
    return save(fig, out_dir, "sweep_heatmap", formats)
