"""Plots of a sweep over workloads (networks as an axis), from its layers.csv and results.csv:
per point, the cycles of every layer stacked by where they went with the layer's bottleneck
named above its bar (layers_<point>.png); and a network-level comparison: per point, its total
cycles split into array layers (conv, fc, matmul) and vector-unit layers, grouped by workload
(networks.png). Points that failed are left out."""
import os

from plot_common import ReportError, number, pyplot, read_csv, save
from plot_run import stack_parts

MAX_POINT_CHARTS = 50  # per-point charts written at most (the first points, in sweep order)


def _points(sweep_dir):
    results = read_csv(os.path.join(sweep_dir, "results.csv"))
    layers = read_csv(os.path.join(sweep_dir, "layers.csv"))
    ok = [r for r in results if r.get("status") == "ok"]
    if not ok or not layers:
        raise ReportError("%s: no successful points with layers to plot" % sweep_dir)
    keys = list(results[0].keys())
    swept = keys[keys.index("workload") + 1: keys.index("status")]
    by_point = {}
    for row in layers:
        by_point.setdefault(row["point"], []).append(row)
    return ok, swept, by_point


def _label(r, swept):
    return ", ".join([r["workload"]] + ["%s=%s" % (k, r[k]) for k in swept])


def layers(sweep_dir, out_dir, formats=("png", "svg")):
    ok, swept, by_point = _points(sweep_dir)
    plt = pyplot()
    paths = []
    for r in ok[:MAX_POINT_CHARTS]:
        rows = by_point.get(r["point"], [])
        if not rows:
            continue
        names = [x["layer"] for x in rows]
        xs = list(range(len(rows)))
        fig, ax = plt.subplots(figsize=(min(48.0, max(6.4, 0.45 * len(rows) + 3)), 4.8))
        bottom = [0.0] * len(rows)
        colors = plt.get_cmap("tab10").colors
        for i, (column, text) in enumerate(stack_parts(rows[0].keys())):
            values = [number(x.get(column)) or 0.0 for x in rows]
            bars = ax.bar(xs, values, bottom=bottom, label=text, color=colors[i % 10], width=0.7)
            for name, patch in zip(names, bars.patches):
                patch.set_gid("bar-%s-%s" % (column[: -len("_cycles")], name))
            bottom = [b + v for b, v in zip(bottom, values)]
        if len(rows) <= 60:
            for x, top, row in zip(xs, bottom, rows):
                note = ax.text(x, top, " " + row["bottleneck"], rotation=90, ha="center",
                               va="bottom", fontsize=6)
                note.set_gid("bottleneck-%s" % row["layer"])
        step = max(1, -(-len(rows) // 60))
        ax.set_xticks(xs[::step])
        ax.set_xticklabels(names[::step], rotation=90, fontsize=6)
        ax.set_xlabel("layer (vector-unit layers have no MACs)")
        ax.set_ylabel("cycles")
        ax.set_ylim(0, max(bottom) * 1.25 if max(bottom) > 0 else 1)
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        ax.set_title("Cycles per layer and bottleneck: point %s\n%s" % (r["point"],
                                                                        _label(r, swept)))
        fig.tight_layout()
        paths += save(fig, out_dir, "layers_%s" % r["point"], formats)
    return paths


def networks(sweep_dir, out_dir, formats=("png", "svg")):
    ok, swept, by_point = _points(sweep_dir)
    plt = pyplot()
    workloads = []
    for r in ok:
        if r["workload"] not in workloads:
            workloads.append(r["workload"])
    order = sorted(ok, key=lambda r: workloads.index(r["workload"]))  # stable: spec order
    fig, ax = plt.subplots(figsize=(min(48.0, max(6.4, 0.5 * len(order) + 3)), 5.5))
    ticks, start = [], 0
    for x, r in enumerate(order):
        rows = by_point.get(r["point"], [])
        gemm = sum(number(y["total_cycles"]) or 0 for y in rows if number(y["macs"]))
        vec = sum(number(y["total_cycles"]) or 0 for y in rows if not number(y["macs"]))
        a = ax.bar([x], [gemm], width=0.8, color="tab:blue",
                   label="array layers (conv, fc, matmul)" if x == 0 else None)
        b = ax.bar([x], [vec], bottom=[gemm], width=0.8, color="tab:orange",
                   label="vector-unit layers" if x == 0 else None)
        a.patches[0].set_gid("gemm-%s" % r["point"])
        b.patches[0].set_gid("vector-%s" % r["point"])
        ticks.append(", ".join("%s=%s" % (k, r[k]) for k in swept) or r["config"])
        last = x + 1 == len(order) or order[x + 1]["workload"] != r["workload"]
        if last:  # the workload's name over its group, a line after it
            mid = (start + x) / 2
            ax.text(mid, 1.0, r["workload"], transform=ax.get_xaxis_transform(), ha="center",
                    va="bottom", fontsize=9)
            if x + 1 < len(order):
                ax.axvline(x + 0.5, color="gray", lw=0.6)
            start = x + 1
    ax.set_xticks(range(len(order)))
    ax.set_xticklabels(ticks, rotation=90, fontsize=6)
    ax.set_ylabel("total cycles (cycles)")
    ax.legend(fontsize=8, loc="upper right")
    ax.set_title("Network totals per point: array vs vector-unit layers\n", fontsize=11)
    fig.tight_layout()
    return save(fig, out_dir, "networks", formats)
