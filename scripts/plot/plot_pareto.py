"""Pareto fronts of a sweep: latency (runtime_ms) against a cost, by default the design's area
(area_mm2; results without it fall back to PEs), or its energy (energy_pj). Points of
different memory models or workloads never share a front: a sweep over dram.model (or several
workloads) gets one front per model (and workload), each in its own colour. Failed points are
left out."""
import math

from plot_common import ReportError, label, number, pyplot, save, scale, spread_labels

DEFAULT_COST = "area_mm2"


def pareto_front(points):
    """Indices of the points no other point beats in both coordinates (both minimized)."""
    order = sorted(range(len(points)), key=lambda i: points[i])
    front, best = [], math.inf
    for i in order:
        if points[i][1] < best:
            front.append(i)
            best = points[i][1]
    return front


def contexts(sweep):
    """The axes that must not be compared on one front: the workload and the memory model."""
    return [a for a in ("workload", "dram.model") if a in sweep.axes]


def groups(sweep):
    """{(workload, dram.model values of the swept ones): [row indices into sweep.ok]}."""
    out = {}
    for i, r in enumerate(sweep.ok):
        out.setdefault(tuple(r[a] for a in contexts(sweep)), []).append(i)
    return out


def pareto(sweep, out_dir, metric="runtime_ms", cost=None, formats=("png", "svg"),
           name="pareto"):
    if cost is None:
        cost = DEFAULT_COST if DEFAULT_COST in sweep.columns else "pes"
    for c in (cost, metric):
        if c not in sweep.columns:
            raise ReportError("pareto: no column '%s' in results.csv" % c)
    pts = [(number(r[cost]), number(r[metric])) for r in sweep.ok]
    if any(p[0] is None or p[1] is None for p in pts):
        raise ReportError("pareto: '%s' and '%s' must be numbers in results.csv" % (cost, metric))
    fx, fy = scale(cost), scale(metric)
    pts = [(px * fx, py * fy) for px, py in pts]
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(8, 5))
    for r, (px, py) in zip(sweep.ok, pts):
        dot = ax.scatter([px], [py], color="tab:gray", alpha=0.5, zorder=2)
        dot.set_gid("point-%s" % r["point"])
    fronts = groups(sweep)
    colors = plt.get_cmap("tab10").colors
    labels = [a for a in sweep.axes if a not in contexts(sweep)] or sweep.axes
    mid = (min(p[0] for p in pts) + max(p[0] for p in pts)) / 2
    notes = []
    for g, (context, members) in enumerate(fronts.items()):
        sub = [pts[i] for i in members]
        front = [members[i] for i in pareto_front(sub)]
        what = "Pareto front%s (%d of %d points)" % (
            "".join(", " + c for c in context), len(front), len(members))
        line, = ax.step([pts[i][0] for i in front], [pts[i][1] for i in front], "-o",
                        where="post", label=what, zorder=3, color=colors[(g + 3) % 10])
        line.set_gid("pareto-front" + "".join("-" + c for c in context))
        for i in front:  # each front point labelled with its swept values, in axis order
            text = ", ".join(sweep.ok[i][a] for a in labels)
            right = pts[i][0] > mid  # labels of right-hand points go left of them
            note = ax.annotate(text, pts[i], textcoords="offset points", fontsize=7,
                               xytext=(-4 if right else 4, 4), ha="right" if right else "left")
            note.set_in_layout(False)
            notes.append(note)
    ax.set_xlabel(label(cost))
    ax.set_ylabel(label(metric))
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8, title="labels: " + ", ".join(labels), title_fontsize=7)
    per = " per %s" % " and ".join(contexts(sweep)) if len(fronts) > 1 else ""
    fig.suptitle(sweep.title("Pareto front%s: %s vs %s" % (per, metric, cost)), fontsize=10)
    fig.tight_layout()
    spread_labels(fig, notes)
    return save(fig, out_dir, name, formats)
