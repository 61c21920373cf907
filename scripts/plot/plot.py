#!/usr/bin/env python3
"""Plots sasim's reports (PNG and SVG). Reads only what sasim writes; runs with any python3 and
re-runs itself under /usr/bin/python3 when the first python3 lacks matplotlib.

  plot.py run RUN_DIR [--out DIR]       cycle_stack, energy_breakdown, roofline, timeline,
                                        what_if (a --what-if run)
  plot.py sweep SWEEP_DIR [--out DIR]   sweep_lines (or sweep_bars), sweep_heatmap (2+ axes),
                                        pareto (latency vs area), pareto_energy; with several
                                        workloads also layers_<point> and networks
  plot.py cycle-stack|energy|roofline|timeline|what-if RUN_DIR [--out DIR]
  plot.py layers|networks SWEEP_DIR [--out DIR]   per-layer chart per point; network totals
  plot.py lines|heatmap|pareto SWEEP_DIR [--out DIR] [--metric M] [--x KEY] [--y KEY]
          [--cost area_mm2|energy_pj|pes|sram_kib|COLUMN] [--where KEY=VALUE]...
Plots go to --out (default: DIR/plots). Exit status 0, 2 for unusable input."""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot_common  # noqa: E402

RUN_PLOTS = ("cycle-stack", "energy", "roofline", "timeline", "what-if")
RUN_FUNCTIONS = {"cycle-stack": "cycle_stack", "energy": "energy_breakdown",
                 "roofline": "roofline", "timeline": "timeline",
                 "what-if": "what_if"}
MISSING = {"timeline": "no timeline.csv (report.timeline_window_cycles = 0?)",
           "energy": "no energy columns in layers.csv (a report of an older sasim)",
           "what-if": "no what_if.csv (run sasim run --what-if)"}
SWEEP_PLOTS = ("lines", "heatmap", "pareto", "layers", "networks")


def parse_args(argv):
    p = argparse.ArgumentParser(prog="plot.py", description=__doc__.split("\n")[0])
    p.add_argument("what", choices=("run", "sweep") + RUN_PLOTS + SWEEP_PLOTS)
    p.add_argument("dir", help="a `sasim run` --out folder or a `sasim sweep` folder")
    p.add_argument("--out", help="folder for the plots (default: DIR/plots)")
    p.add_argument("--formats", default="png,svg", help="comma-separated: png, svg, pdf")
    p.add_argument("--metric", help="results.csv column to plot (default: total_cycles; "
                   "Pareto: runtime_ms, the latency)")
    p.add_argument("--x", help="swept key on the x axis (default: the first swept axis)")
    p.add_argument("--y", help="swept key on the heatmap's y axis (default: the next one)")
    p.add_argument("--cost", help="Pareto cost column (default: area_mm2, else pes)")
    p.add_argument("--where", action="append", default=[], metavar="KEY=VALUE",
                   help="keep only points with this swept value (repeatable)")
    return p.parse_args(argv)


def run_plots(a, out, formats):
    import plot_run
    wanted = RUN_PLOTS if a.what == "run" else (a.what,)
    paths = []
    for name in wanted:
        written = getattr(plot_run, RUN_FUNCTIONS[name])(a.dir, out, formats)
        if written is None and a.what != "run":
            raise plot_common.ReportError("%s: %s" % (a.dir, MISSING[name]))
        paths += written or []
    return paths


def sweep_plots(a, out, formats):
    import plot_networks
    import plot_pareto
    import plot_sweep
    if a.what in ("layers", "networks"):
        return getattr(plot_networks, a.what)(a.dir, out, formats)
    sweep = plot_sweep.Sweep(a.dir, a.where)
    metric = a.metric or "total_cycles"
    paths = []
    if a.what in ("sweep", "lines"):
        paths += plot_sweep.lines(sweep, out, metric, a.x, formats)
    if a.what == "heatmap" or (a.what == "sweep" and len(sweep.axes) >= 2):
        paths += plot_sweep.heatmap(sweep, out, metric, a.x, a.y, formats)
    if a.what in ("sweep", "pareto"):
        latency = a.metric or "runtime_ms"
        paths += plot_pareto.pareto(sweep, out, latency, a.cost, formats)
        if a.what == "sweep" and a.cost is None and "energy_pj" in sweep.columns:
            paths += plot_pareto.pareto(sweep, out, latency, "energy_pj", formats,
                                        "pareto_energy")
    if a.what == "sweep" and "workload" in sweep.axes:  # networks as an axis
        paths += plot_networks.layers(a.dir, out, formats)
        paths += plot_networks.networks(a.dir, out, formats)
    return paths


def main(argv):
    a = parse_args(argv)
    plot_common.ensure_matplotlib()
    formats = [f.strip() for f in a.formats.split(",") if f.strip()]
    out = a.out or os.path.join(a.dir, "plots")
    try:
        if a.what == "run" or a.what in RUN_PLOTS:
            paths = run_plots(a, out, formats)
        else:
            paths = sweep_plots(a, out, formats)
    except (plot_common.ReportError, KeyError) as e:
        sys.stderr.write("plot.py: error: %s\n" % (e if not isinstance(e, KeyError) else
                                                   "missing column %s in the reports" % e))
        return 2
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
