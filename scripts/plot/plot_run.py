"""Plots of one `sasim run` folder: the per-layer cycle stack with utilization, the per-layer
energy breakdown, a roofline (ceilings from the run's config.toml), and DRAM traffic vs supply
over time (timeline.csv). Each function returns the written paths; data artists carry ids (see
plot_common). Titles name the design (config.toml) and the workload."""
import os

from plot_common import (ReportError, design_text, pyplot, read_config, read_csv, read_json,
                         save, spread_labels)

STACK = [("ideal_cycles", "ideal"), ("mapping_loss_cycles", "mapping loss"),
         ("load_cycles", "load"), ("fill_drain_cycles", "fill/drain"),
         ("fused_activation_cycles", "fused activation")]
STALL_CAUSES = [("stall_dram_bandwidth_cycles", "stall: DRAM bandwidth"),
                ("stall_dram_latency_cycles", "stall: DRAM latency"),
                ("stall_interconnect_cycles", "stall: interconnect"),
                ("stall_bank_conflict_cycles", "stall: bank conflict")]
STALL_OPERANDS = [("stall_ifmap_cycles", "stall: ifmap"), ("stall_filter_cycles", "stall: filter"),
                  ("stall_ofmap_cycles", "stall: ofmap")]
ENERGY = [("compute_energy_pj", "compute (MACs, PE registers)"),
          ("ifmap_sram_energy_pj", "ifmap SRAM"), ("filter_sram_energy_pj", "filter SRAM"),
          ("ofmap_sram_energy_pj", "ofmap SRAM"), ("link_energy_pj", "interconnect"),
          ("dram_act_energy_pj", "DRAM ACT/PRE"), ("dram_read_energy_pj", "DRAM read"),
          ("dram_write_energy_pj", "DRAM write"), ("dram_refresh_energy_pj", "DRAM refresh"),
          ("dram_background_energy_pj", "DRAM background"), ("leakage_energy_pj", "leakage")]


class Run:
    """The reports of one run folder."""

    def __init__(self, run_dir):
        self.dir = run_dir
        self.layers = read_csv(os.path.join(run_dir, "layers.csv"))
        self.summary = read_json(os.path.join(run_dir, "summary.json"))
        self.config = read_config(os.path.join(run_dir, "config.toml"))
        if not self.layers:
            raise ReportError("%s/layers.csv: no layers" % run_dir)

    def title(self, what):
        return "%s\nconfig '%s': %s\nworkload '%s'" % (
            what, self.summary.get("config", "?"), design_text(self.config),
            self.summary.get("workload", "?"))

    def column(self, name):
        return [float(row.get(name) or 0) for row in self.layers]


MAX_BARS = 500    # layers drawn as bars; more as stacked areas
MAX_TICKS = 60    # layer names on the x axis


def stack_parts(columns):
    """The cycle-stack columns this report has: stalls by cause, else by operand."""
    stalls = [p for p in STALL_CAUSES if p[0] in columns]
    if not stalls:
        stalls = [p for p in STALL_OPERANDS if p[0] in columns]
    if not stalls:
        stalls = [("stall_cycles", "stall")]
    return [p for p in STACK if p[0] in columns] + stalls


def draw_stack(plt, ax, run, parts, suffix, factor=1.0):
    """Stacked bars per layer (ids 'bar-<part>-<layer>'), or past MAX_BARS layers one stacked
    area per part ('area-<part>'); part names are the columns without `suffix`."""
    names = [row["layer"] for row in run.layers]
    x = list(range(len(names)))
    colors = plt.get_cmap("tab20" if len(parts) > 10 else "tab10").colors
    if len(names) <= MAX_BARS:
        bottom = [0.0] * len(names)
        for i, (column, text) in enumerate(parts):
            values = [v * factor for v in run.column(column)]
            bars = ax.bar(x, values, bottom=bottom, label=text, color=colors[i % len(colors)],
                          width=0.7)
            for name, patch in zip(names, bars.patches):
                patch.set_gid("bar-%s-%s" % (column[: -len(suffix)], name))
            bottom = [b + v for b, v in zip(bottom, values)]
    else:
        areas = ax.stackplot(x, *[[v * factor for v in run.column(c)] for c, _ in parts],
                             labels=[t for _, t in parts],
                             colors=[colors[i % len(colors)] for i in range(len(parts))])
        for (column, _), area in zip(parts, areas):
            area.set_gid("area-%s" % column[: -len(suffix)])
    step = max(1, -(-len(names) // MAX_TICKS))  # label every step-th layer
    ax.set_xticks(x[::step])
    ax.set_xticklabels(names[::step], rotation=45 if len(names) > 8 else 0)
    ax.set_xlabel("layer")
    return x


def legend_right(ax, other):
    handles, more = ax.get_legend_handles_labels(), other.get_legend_handles_labels()
    ax.legend(handles[0] + more[0], handles[1] + more[1], fontsize=8, loc="upper left",
              bbox_to_anchor=(1.12, 1.0))


def cycle_stack(run_dir, out_dir, formats=("png", "svg")):
    run = Run(run_dir)
    plt = pyplot()
    # At most 48 inches wide (a figure over 2^16 pixels cannot be drawn); past MAX_BARS layers
    # the stack is drawn as areas (one shape per part, not one bar per layer and part).
    fig, ax = plt.subplots(figsize=(min(48.0, max(6.4, 0.8 * len(run.layers) + 3)), 4.8),
                           layout="constrained")
    x = draw_stack(plt, ax, run, stack_parts(run.layers[0].keys()), "_cycles")
    ax.set_ylabel("cycles")
    util = ax.twinx()
    line, = util.plot(x, run.column("overall_util_pct"), "ko-", label="overall utilization")
    line.set_gid("utilization")
    util.set_ylabel("overall utilization (%)")
    util.set_ylim(0, max(100.0, max(run.column("overall_util_pct")) * 1.05))
    legend_right(ax, util)
    fig.suptitle(run.title("Cycle stack per layer"), fontsize=10)
    return save(fig, out_dir, "cycle_stack", formats)


def energy_breakdown(run_dir, out_dir, formats=("png", "svg")):
    """Energy per layer by part (µJ) and energy per MAC; None for reports without energy."""
    run = Run(run_dir)
    if "energy_pj" not in run.layers[0]:
        return None
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(min(48.0, max(7.5, 0.8 * len(run.layers) + 4)), 4.8),
                           layout="constrained")
    x = draw_stack(plt, ax, run, [p for p in ENERGY if p[0] in run.layers[0]], "_energy_pj",
                   1e-6)
    ax.set_ylabel("energy (µJ)")
    per_mac = ax.twinx()
    pj = [e / max(1.0, m) for e, m in zip(run.column("energy_pj"), run.column("macs"))]
    line, = per_mac.plot(x, pj, "ko-", label="energy per MAC (pJ)")
    line.set_gid("pj-per-mac")
    per_mac.set_ylabel("energy per MAC (pJ)")
    per_mac.set_ylim(0, max(pj) * 1.1 if max(pj) > 0 else 1)
    legend_right(ax, per_mac)
    s = run.summary
    total = "total %.4g µJ, %.4g mW, %.3g TOPS/W, %.4g mm²" % (
        float(s.get("energy_pj", 0)) / 1e6, float(s.get("power_mw", 0)),
        float(s.get("tops_per_watt", 0)), float(s.get("area_mm2", 0)))
    fig.suptitle(run.title("Energy per layer (%s)" % total), fontsize=10)
    return save(fig, out_dir, "energy_breakdown", formats)


def dram_peak_gbps(config):
    """The DRAM's peak: the bandwidth model's rate, or a bank-level model's channels x bus
    width x 2 transfers per tCK (DDR); None for ideal memory."""
    model = config.get("dram.model", "ideal")
    if model == "ideal":
        return None
    if model == "bandwidth":
        return float(config["dram.bandwidth_gbps"])
    return config["dram.channels"] * config["dram.bus_bits"] / 8 * 2 / config["dram.tck_ns"]


def ceilings(config):
    """(name, bytes per cycle) of the memory path's limits; the compute roof is the PEs."""
    out = []
    peak = dram_peak_gbps(config)
    if peak:
        # GB/s / MHz = 1e9 B/s / 1e6 cycles/s = 1e3 bytes per cycle
        out.append(("dram", peak * 1e3 / config["clock_mhz"]))
    link = config.get("interconnect.bytes_per_cycle", 0)
    if link:
        out.append(("interconnect", float(link)))
    return out


def roofline(run_dir, out_dir, formats=("png", "svg")):
    run = Run(run_dir)
    plt = pyplot()
    pes = run.config["array.rows"] * run.config["array.cols"]
    fig, ax = plt.subplots(figsize=(7.5, 5.2))
    xs, notes = [], []
    for row in run.layers:
        dram = float(row["dram_read_bytes"]) + float(row["dram_write_bytes"])
        if dram <= 0 or float(row["macs"]) <= 0:
            continue  # no DRAM traffic (infinite intensity) or no MACs (a vector layer)
        x = float(row["macs"]) / dram
        y = float(row["macs"]) / max(1.0, float(row["total_cycles"]))
        dots = ax.scatter([x], [y], zorder=3, label=row["layer"])
        dots.set_gid("point-%s" % row["layer"])
        note = ax.annotate(row["layer"], (x, y), textcoords="offset points", xytext=(4, 4),
                           fontsize=8)
        note.set_gid("label-%s" % row["layer"])
        notes.append(note)
        xs.append(x)
    lo, hi = min(xs + [1.0]) / 4, max(xs + [1.0]) * 4
    for name, bpc in ceilings(run.config):
        lo, hi = min(lo, pes / bpc / 4), max(hi, pes / bpc * 4)
    roof, = ax.plot([lo, hi], [pes, pes], "k-", label="compute ceiling: %d MACs/cycle" % pes)
    roof.set_gid("ceiling-compute")
    for (name, bpc), style in zip(ceilings(run.config), ["r--", "b:"]):
        ridge = pes / bpc
        what = " (%s)" % run.config["dram.model"] if name == "dram" else ""
        line, = ax.plot([lo, ridge], [lo * bpc, pes], style,
                        label="%s ceiling%s: %.3g bytes/cycle" % (name, what, bpc))
        line.set_gid("ceiling-%s" % name)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("operational intensity (MACs per DRAM byte)")
    ax.set_ylabel("achieved performance (MACs per cycle)")
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(True, which="major", alpha=0.3)
    fig.suptitle(run.title("Roofline per layer"), fontsize=10)
    fig.tight_layout()
    spread_labels(fig, notes)
    return save(fig, out_dir, "roofline", formats)


def optional_rows(run_dir, name, empty):
    """The rows of a report the run may not have written: None without the file; a
    ReportError ('<path>: <empty>') when it has no rows."""
    path = os.path.join(run_dir, name)
    if not os.path.exists(path):
        return None
    rows = read_csv(path)
    if not rows:
        raise ReportError("%s: %s" % (path, empty))
    return rows


def timeline(run_dir, out_dir, formats=("png", "svg")):
    """DRAM traffic per window, stacked by stream, against the memory path's peak; None when
    the run has no timeline.csv (report.timeline_window_cycles = 0)."""
    rows = optional_rows(run_dir, "timeline.csv", "no windows")
    if rows is None:
        return None
    run = Run(run_dir)
    plt = pyplot()
    mhz = float(run.config["clock_mhz"])
    starts = [float(r["start_cycle"]) / mhz / 1e3 for r in rows]  # cycles / MHz = µs; ms
    width = [max(1.0, float(r["end_cycle"]) - float(r["start_cycle"])) for r in rows]
    streams = [c for c in rows[0].keys() if c.endswith("_bytes")]
    fig, ax = plt.subplots(figsize=(9, 4.8))
    series = [[float(r[s]) / w * mhz / 1e3 for r, w in zip(rows, width)] for s in streams]
    areas = ax.stackplot(starts, series, step="post",
                         labels=[s[: -len("_bytes")].replace("_", " ") for s in streams])
    for s, area in zip(streams, areas):
        area.set_gid("demand-%s" % s[: -len("_bytes")])
    supply = [r.get("supply_gbps", "inf") for r in rows]
    if all(v not in ("", "inf") for v in supply):
        line, = ax.step(starts, [float(v) for v in supply], "k--", where="post",
                        label="supply (peak of the memory path)")
        line.set_gid("supply")
    starts_of = []  # (time, layer) where each layer begins
    for r, t in zip(rows, starts):
        if r.get("layer") and (not starts_of or r["layer"] != starts_of[-1][1]):
            mark = ax.axvline(t, color="gray", lw=0.6, alpha=0.6)
            mark.set_gid("layer-%s" % r["layer"])
            starts_of.append((t, r["layer"]))
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("DRAM bandwidth (GB/s)")
    ax.legend(fontsize=8, loc="upper right")
    fig.suptitle(run.title("DRAM traffic per window vs supply"), fontsize=10)
    fig.tight_layout()
    layer_names(fig, ax, starts_of)
    return save(fig, out_dir, "timeline", formats)


def layer_names(fig, ax, starts_of, fontsize=7):
    """Names the layers at their start lines, longest layers first, leaving out a name that
    would touch one already placed (layers shorter than a line of text); every layer keeps its
    line."""
    lo, hi = ax.get_xlim()
    width_px = ax.get_position().width * fig.get_figwidth() * fig.dpi
    gap_px = fontsize * fig.dpi / 72.0 * 1.3
    ends = [t for t, _ in starts_of[1:]] + [hi]
    placed = []
    for (t, name), end in sorted(zip(starts_of, ends), key=lambda p: p[0][0] - p[1]):
        px = (t - lo) / (hi - lo) * width_px if hi > lo else 0
        if any(abs(px - q) < gap_px for q in placed):
            continue
        text = ax.text(t, 1.0, " " + name, transform=ax.get_xaxis_transform(),
                       fontsize=fontsize, va="top", rotation=90)
        text.set_gid("name-%s" % name)
        placed.append(px)


WHAT_IF_LABELS = dict((c[: -len("_cycles")], t[len("stall: "):]) for c, t in STALL_CAUSES)


def what_if(run_dir, out_dir, formats=("png", "svg")):
    """Per layer, the cycles removing each stall cause saves (% of the layer's cycles; bars,
    ids 'saved-<cause>-<layer>') next to what the cycle stack charged to it (markers, ids
    'charged-<cause>-<layer>'); None when the run has no what_if.csv (`sasim run --what-if`)."""
    rows = optional_rows(run_dir, "what_if.csv",
                         "no rows (no stall cause to remove in this design)")
    if rows is None:
        return None
    run = Run(run_dir)
    layers = [row["layer"] for row in run.layers]
    causes = []
    for r in rows:
        if r["cause"] not in causes:
            causes.append(r["cause"])
    by = dict(((r["cause"], r["layer"]), r) for r in rows)
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(min(48.0, max(7.5, 0.9 * len(layers) + 4)), 4.8),
                           layout="constrained")
    colors = plt.get_cmap("tab10").colors
    width = 0.8 / len(causes)
    for k, cause in enumerate(causes):
        xs = [i - 0.4 + width * (k + 0.5) for i in range(len(layers))]
        cells = [by.get((cause, name)) for name in layers]
        pct = lambda r, col: (100.0 * float(r[col]) / float(r["total_cycles"])
                              if r and float(r["total_cycles"]) > 0 else 0.0)
        label = WHAT_IF_LABELS.get(cause, cause)
        bars = ax.bar(xs, [pct(r, "saved_cycles") for r in cells], width=width,
                      color=colors[k % len(colors)], label="saved without " + label)
        for name, patch in zip(layers, bars.patches):
            patch.set_gid("saved-%s-%s" % (cause, name))
        if "charged_cycles" in rows[0]:
            for x, name, r in zip(xs, layers, cells):
                mark, = ax.plot([x], [pct(r, "charged_cycles")], marker="_", markersize=12,
                                mew=2, color="black", linestyle="none")
                mark.set_gid("charged-%s-%s" % (cause, name))
    if "charged_cycles" in rows[0]:
        ax.plot([], [], marker="_", markersize=12, mew=2, color="black", linestyle="none",
                label="charged by the cycle stack")
    ax.axhline(0, color="gray", lw=0.6)
    ax.set_xticks(range(len(layers)))
    ax.set_xticklabels(layers, rotation=90 if len(layers) > 12 else 0, fontsize=8)
    ax.set_xlabel("layer")
    ax.set_ylabel("cycles saved (% of the layer)")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.suptitle(run.title("What would help: each stall cause removed (sasim run --what-if)"),
                 fontsize=10)
    return save(fig, out_dir, "what_if", formats)
