#!/usr/bin/env python3
"""CTest label `plots`: scripts/plot/plot.py on real small results (sasim run on workloads/tiny.csv,
a 6-point sweep, a sweep with a failing point, sweeps over memory models and workloads) and
synthetic timelines. Each PNG is checked by its header and size, each SVG parsed with xml.etree
for its series, bars, cells, labels and where labels sit.
Run one test: SASIM_BIN=build/sasim plots_test.py PlotsTest.test_roofline (exit 77 = skipped)."""
import csv
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLOT = os.path.join(SRC, "scripts", "plot", "plot.py")
SVG_NS = "{http://www.w3.org/2000/svg}"
TMP = None


def sasim(*args):
    env = dict(os.environ, SYSTEMC_DISABLE_COPYRIGHT_MESSAGE="1")
    return subprocess.run([os.environ["SASIM_BIN"]] + list(args), env=env, cwd=TMP,
                          capture_output=True, text=True, timeout=120)


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def timeline_run(name, windows):
    """A copy of the small real run under TMP/<name> whose timeline.csv has these window rows."""
    run = os.path.join(TMP, name)
    shutil.copytree(os.path.join(TMP, "run"), run)
    write(os.path.join(run, "timeline.csv"),
          "window,start_cycle,end_cycle,layer,ifmap_read_bytes,filter_read_bytes,"
          "psum_read_bytes,ofmap_write_bytes,dram_gbps,supply_gbps\n" + "\n".join(windows) + "\n")
    return run


def setUpModule():
    global TMP
    TMP = tempfile.mkdtemp(prefix="sasim-plots-")
    try:
        make_results()
    except BaseException:
        shutil.rmtree(TMP, ignore_errors=True)  # tearDownModule does not run after a failure
        raise


def make_results():
    tiny = os.path.join(SRC, "workloads", "tiny.csv")
    assert sasim("run", "--workload", tiny, "--out", "run", "--quiet").returncode == 0
    head = 'name = "plots test"\nconfig = "%s/configs/default.toml"\nworkload = "%s"\n' % (
        SRC, tiny)
    write(os.path.join(TMP, "grid.toml"), head +
          '[[zip]]\nkeys = ["array.rows", "array.cols"]\nvalues = [[8, 8], [16, 16], [32, 32]]\n'
          '[[axis]]\nkey = "array.dataflow"\nvalues = ["os", "ws"]\n')
    assert sasim("sweep", "grid.toml", "--out", "grid", "--quiet").returncode == 0
    # Networks as an axis: tiny.csv and a small network with vector layers, two lane counts.
    write(os.path.join(TMP, "vec.csv"), "layer,type,N,C,K,H,W,R,S,stride,pad,groups\n"
          "c1,conv,1,3,8,16,16,3,3,1,1,1\nn1,lrn,1,8,8,16,16,5,1,1,0,1\n"
          "p1,maxpool,1,8,8,16,16,2,2,2,0,1\nfc,fc,1,512,10,1,1,1,1,1,0,1\n"
          "sm,softmax,1,10,10,1,1,1,1,1,0,1\n")
    write(os.path.join(TMP, "nets.toml"), 'name = "nets"\nconfig = "%s/configs/default.toml"\n'
          'workloads = ["%s", "vec.csv"]\n[[axis]]\nkey = "vector.lanes"\nvalues = [4, 32]\n'
          % (SRC, tiny))
    assert sasim("sweep", "nets.toml", "--out", "nets", "--quiet").returncode == 0
    write(os.path.join(TMP, "failing.toml"), head +
          '[[zip]]\nkeys = ["sram.filter_kb", "array.word_bytes"]\n'
          'values = [[1, 8], [64, 8]]\n')
    assert sasim("sweep", "failing.toml", "--out", "failing", "--quiet").returncode == 1
    # Two memory models (one Pareto front each) and two workloads (grouped bars).
    shutil.copy(tiny, os.path.join(TMP, "tiny2.csv"))
    write(os.path.join(TMP, "models.toml"),
          'name = "models"\nconfig = "%s/configs/default.toml"\n'
          'workloads = ["%s", "tiny2.csv"]\n'
          '[[zip]]\nkeys = ["array.rows", "array.cols"]\nvalues = [[8, 8], [16, 16], [32, 32]]\n'
          '[[axis]]\nkey = "dram.model"\nvalues = ["lpddr4_2400", "hbm2"]\n' % (SRC, tiny))
    assert sasim("sweep", "models.toml", "--out", "models", "--quiet").returncode == 0


def tearDownModule():
    shutil.rmtree(TMP, ignore_errors=True)


def plot(*args, python=None):
    cmd = [python or sys.executable, PLOT] + list(args)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


class Svg:
    def __init__(self, path):
        self.root = ET.parse(path).getroot()
        self.ids = [e.get("id") for e in self.root.iter() if e.get("id")]
        self.texts = ["".join(e.itertext()) for e in self.root.iter(SVG_NS + "text")]

    def with_prefix(self, prefix):
        return [i for i in self.ids if i.startswith(prefix)]

    def has_text(self, fragment):
        return any(fragment in t for t in self.texts)

    def text_boxes(self, prefix):
        """{id: (x, y, font px)} of the text inside each element whose id has the prefix."""
        out = {}
        for e in self.root.iter():
            gid = e.get("id") or ""
            if not gid.startswith(prefix):
                continue
            t = next(e.iter(SVG_NS + "text"))
            px = float(re.search(r"font: ([\d.]+)px", t.get("style")).group(1))
            if t.get("x") is not None:
                out[gid] = (float(t.get("x")), float(t.get("y")), px)
            else:
                x, y = re.search(r"translate\(([-\d.]+) ([-\d.]+)\)", t.get("transform")).groups()
                out[gid] = (float(x), float(y), px)
        return out

    def path_vertices(self, gid):
        """Vertices of the first path drawn inside the element with this id."""
        group = next(e for e in self.root.iter() if e.get("id") == gid)
        d = next(e for e in group.iter(SVG_NS + "path")).get("d")
        return len(re.findall(r"[ML]", d))


class PlotsTest(unittest.TestCase):
    def run_plot(self, *args):
        out = tempfile.mkdtemp(dir=TMP)
        r = plot(*(list(args) + ["--out", out]))
        self.assertEqual(r.returncode, 0, r.stderr)
        return out

    def check_png(self, path, width, height):
        with open(path, "rb") as f:
            head = f.read(24)
        self.assertEqual(head[:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual(head[12:16], b"IHDR")
        self.assertEqual(struct.unpack(">II", head[16:24]), (width, height))
        self.assertGreater(os.path.getsize(path), 10000)  # drawn, not blank

    def test_cycle_stack(self):
        out = self.run_plot("cycle-stack", os.path.join(TMP, "run"))
        self.check_png(os.path.join(out, "cycle_stack.png"), 640, 480)
        svg = Svg(os.path.join(out, "cycle_stack.svg"))
        layers = rows(os.path.join(TMP, "run", "layers.csv"))
        causes = [c for c in layers[0] if re.match(r"stall_(dram|interconnect|bank)", c)]
        parts = ["ideal", "mapping_loss", "load", "fill_drain", "fused_activation"] + [
            c[:-7] for c in causes]
        self.assertEqual(len(causes), 4)
        self.assertEqual(len(svg.with_prefix("bar-")), len(parts) * len(layers))
        for p in parts:
            for layer in layers:
                self.assertIn("bar-%s-%s" % (p, layer["layer"]), svg.ids)
        self.assertIn("utilization", svg.ids)
        self.assertEqual(svg.path_vertices("utilization"), len(layers))
        for text in ("cycles", "layer", "overall utilization (%)", "stall: DRAM latency",
                     "config 'edge': 32x32, ws, 1024 KiB SRAM, lpddr4_2400 DRAM, 45nm, "
                     "1000 MHz", "workload 'tiny'", "c1", "fc"):
            self.assertTrue(svg.has_text(text), text)

    def test_energy_breakdown(self):
        out = self.run_plot("energy", os.path.join(TMP, "run"))
        self.check_png(os.path.join(out, "energy_breakdown.png"), 750, 480)
        svg = Svg(os.path.join(out, "energy_breakdown.svg"))
        layers = rows(os.path.join(TMP, "run", "layers.csv"))
        parts = ["compute", "ifmap_sram", "filter_sram", "ofmap_sram", "link", "dram_act",
                 "dram_read", "dram_write", "dram_refresh", "dram_background", "leakage"]
        self.assertEqual(len(svg.with_prefix("bar-")), len(parts) * len(layers))
        for p in parts:
            for layer in layers:
                self.assertIn("bar-%s-%s" % (p, layer["layer"]), svg.ids)
        self.assertEqual(svg.path_vertices("pj-per-mac"), len(layers))
        import json
        with open(os.path.join(TMP, "run", "summary.json")) as f:
            summary = json.load(f)
        total = "total %.4g µJ" % (summary["energy_pj"] / 1e6)
        for text in ("energy (µJ)", "energy per MAC (pJ)", "DRAM background", "leakage",
                     "Energy per layer (" + total, "config 'edge': 32x32"):
            self.assertTrue(svg.has_text(text), text)

    def test_cycle_stack_many_layers(self):
        # 600 layers (past MAX_BARS = 500): one stacked area per part, the figure capped at 48
        # inches (once it passed 2^16 pixels at ~815 layers and plot.py died), every 10th layer
        # named (ceil(600 / 60) = 10).
        wl = os.path.join(TMP, "many.csv")
        write(wl, "layer,type,N,C,K,H,W,R,S,stride,pad,groups\n" +
              "".join("l%d,conv,1,3,4,5,5,3,3,1,1,1\n" % i for i in range(600)))
        r = sasim("run", "--workload", wl, "--out", "many", "--quiet", "--set",
                  "report.timeline_window_cycles=0")
        self.assertEqual(r.returncode, 0, r.stderr)
        out = self.run_plot("cycle-stack", os.path.join(TMP, "many"))
        self.check_png(os.path.join(out, "cycle_stack.png"), 4800, 480)
        svg = Svg(os.path.join(out, "cycle_stack.svg"))
        self.assertEqual(svg.with_prefix("bar-"), [])
        self.assertIn("area-ideal", svg.ids)
        self.assertIn("area-stall_dram_latency", svg.ids)
        self.assertIn("utilization", svg.ids)  # (identical layers: matplotlib simplifies the line)
        self.assertTrue(svg.has_text("l590"))
        self.assertFalse(svg.has_text("l591"))

    def test_roofline(self):
        out = self.run_plot("roofline", os.path.join(TMP, "run"))
        self.check_png(os.path.join(out, "roofline.png"), 750, 520)
        svg = Svg(os.path.join(out, "roofline.svg"))
        layers = rows(os.path.join(TMP, "run", "layers.csv"))
        self.assertEqual(sorted(svg.with_prefix("point-")),
                         sorted("point-" + r["layer"] for r in layers))
        self.assertEqual(sorted(svg.with_prefix("ceiling-")),
                         ["ceiling-compute", "ceiling-dram", "ceiling-interconnect"])
        # The default edge design: LPDDR4-2400, 4 channels x 16 bit x 2 per 0.833 ns tCK =
        # 19.2 GB/s, at 1000 MHz 19.2 bytes per cycle; 32x32 PEs.
        config = open(os.path.join(TMP, "run", "config.toml")).read()
        self.assertIn('model = "lpddr4_2400"', config)
        self.assertEqual(sorted(svg.with_prefix("label-")),
                         sorted("label-" + r["layer"] for r in layers))
        for text in ("compute ceiling: 1024 MACs/cycle",
                     "dram ceiling (lpddr4_2400): 19.2 bytes/cycle",
                     "operational intensity (MACs per DRAM byte)",
                     "achieved performance (MACs per cycle)", "Roofline per layer"):
            self.assertTrue(svg.has_text(text), text)

    def test_roofline_bandwidth_model(self):
        tiny = os.path.join(SRC, "workloads", "tiny.csv")
        r = sasim("run", "--workload", tiny, "--out", "bw", "--quiet", "--set",
                  "dram.model=bandwidth", "--set", "dram.bandwidth_gbps=8", "--set",
                  "clock_mhz=500")
        self.assertEqual(r.returncode, 0, r.stderr)
        out = self.run_plot("roofline", os.path.join(TMP, "bw"))
        svg = Svg(os.path.join(out, "roofline.svg"))
        # 8 GB/s at 500 MHz = 16 bytes per cycle
        self.assertTrue(svg.has_text("dram ceiling (bandwidth): 16 bytes/cycle"))

    def test_roofline_ideal_memory_has_only_the_compute_ceiling(self):
        tiny = os.path.join(SRC, "workloads", "tiny.csv")
        r = sasim("run", "--workload", tiny, "--out", "ideal", "--quiet", "--set",
                  "dram.model=ideal", "--set", "interconnect.bytes_per_cycle=0", "--set",
                  "array.rows=8")
        self.assertEqual(r.returncode, 0, r.stderr)
        out = self.run_plot("roofline", os.path.join(TMP, "ideal"))
        svg = Svg(os.path.join(out, "roofline.svg"))
        self.assertEqual(svg.with_prefix("ceiling-"), ["ceiling-compute"])
        self.assertTrue(svg.has_text("compute ceiling: 256 MACs/cycle"))

    def test_roofline_labels_do_not_overlap(self):
        # Six identical layers sit on one point: their names are stacked a line apart.
        wl = os.path.join(TMP, "same.csv")
        write(wl, "layer,type,N,C,K,H,W,R,S,stride,pad,groups\n" +
              "".join("s%d,conv,1,3,8,8,8,3,3,1,1,1\n" % i for i in range(6)))
        r = sasim("run", "--workload", wl, "--out", "same", "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        out = self.run_plot("roofline", os.path.join(TMP, "same"))
        boxes = Svg(os.path.join(out, "roofline.svg")).text_boxes("label-")
        self.assertEqual(len(boxes), 6)
        ys = sorted(b[1] for b in boxes.values())
        for a, b in zip(ys, ys[1:]):
            self.assertGreaterEqual(b - a, boxes["label-s0"][2] * 0.9)  # a line of text apart

    def test_timeline_names_do_not_overlap(self):
        # 40 layers of one window each in a 2000-window timeline: too close to name them all.
        run = timeline_run("crowded", ["%d,%d,%d,l%d,100,0,0,0,0.1,16.000" % (
            w, w * 100, w * 100 + 100, min(w, 40)) for w in range(2000)])
        out = self.run_plot("timeline", run)
        svg = Svg(os.path.join(out, "timeline.svg"))
        self.assertEqual(len(svg.with_prefix("layer-")), 41)  # every layer keeps its line
        names = svg.text_boxes("name-")
        self.assertIn("name-l40", names)  # the long last layer is named first
        self.assertGreaterEqual(len(names), 2)
        self.assertLess(len(names), 41)
        xs = sorted(b[0] for b in names.values())
        for a, b in zip(xs, xs[1:]):
            self.assertGreaterEqual(b - a, names["name-l40"][2])  # a text height apart

    def test_timeline_synthetic(self):
        run = timeline_run("synthetic", ["%d,%d,%d,%s,%d,%d,0,%d,%.3f,16.000" % (
            w, w * 1000, w * 1000 + 1000, "c1" if w < 4 else "c2", 4000 * w, 2000, 1000,
            (6000 * w + 3) / 1e3) for w in range(6)])
        out = self.run_plot("timeline", run)
        self.check_png(os.path.join(out, "timeline.png"), 900, 480)
        svg = Svg(os.path.join(out, "timeline.svg"))
        self.assertEqual(sorted(svg.with_prefix("demand-")),
                         ["demand-filter_read", "demand-ifmap_read", "demand-ofmap_write",
                          "demand-psum_read"])
        self.assertIn("supply", svg.ids)
        self.assertEqual(sorted(svg.with_prefix("layer-")), ["layer-c1", "layer-c2"])
        self.assertEqual(sorted(svg.with_prefix("name-")), ["name-c1", "name-c2"])
        for text in ("time (ms)", "DRAM bandwidth (GB/s)", "supply (peak of the memory path)",
                     "ifmap read"):
            self.assertTrue(svg.has_text(text), text)

    def test_timeline_absent(self):
        run = os.path.join(TMP, "no-timeline")
        shutil.copytree(os.path.join(TMP, "run"), run)
        os.remove(os.path.join(run, "timeline.csv"))
        r = plot("timeline", run)
        self.assertEqual(r.returncode, 2)
        self.assertIn("no timeline.csv", r.stderr)
        out = self.run_plot("run", run)  # the run's other plots are still made
        self.assertEqual(sorted(os.listdir(out)), ["cycle_stack.png", "cycle_stack.svg",
                                                   "energy_breakdown.png", "energy_breakdown.svg",
                                                   "roofline.png", "roofline.svg"])

    def test_what_if(self):
        tiny = os.path.join(SRC, "workloads", "tiny.csv")
        r = sasim("run", "--workload", tiny, "--out", "whatif", "--quiet", "--what-if",
                  "--set", "dram.model=bandwidth", "--set", "dram.bandwidth_gbps=1",
                  "--set", "interconnect.bytes_per_cycle=4", "--set", "sram.bank_width_bytes=2")
        self.assertEqual(r.returncode, 0, r.stderr)
        run = os.path.join(TMP, "whatif")
        out = self.run_plot("what-if", run)
        self.check_png(os.path.join(out, "what_if.png"), 760, 480)  # (0.9 x 4 layers + 4) in x 100 dpi
        svg = Svg(os.path.join(out, "what_if.svg"))
        cells = rows(os.path.join(run, "what_if.csv"))
        self.assertEqual(len(cells), 16)  # 4 layers x 4 causes
        self.assertEqual(len(svg.with_prefix("saved-")), len(cells))
        self.assertEqual(len(svg.with_prefix("charged-")), len(cells))
        for c in cells:
            self.assertIn("saved-%s-%s" % (c["cause"], c["layer"]), svg.ids)
            self.assertIn("charged-%s-%s" % (c["cause"], c["layer"]), svg.ids)
        for text in ("cycles saved (% of the layer)", "saved without DRAM bandwidth",
                     "saved without bank conflict", "charged by the cycle stack", "c1", "fc"):
            self.assertTrue(svg.has_text(text), text)
        out = self.run_plot("run", run)  # `plot.py run` draws it with the others
        self.assertIn("what_if.svg", os.listdir(out))
        r = plot("what-if", os.path.join(TMP, "run"))  # a run without --what-if
        self.assertEqual(r.returncode, 2)
        self.assertIn("no what_if.csv (run sasim run --what-if)", r.stderr)

    def test_sweep_layers_per_point(self):
        out = self.run_plot("layers", os.path.join(TMP, "nets"))
        self.assertEqual(sorted(f for f in os.listdir(out) if f.endswith(".svg")),
                         ["layers_%d.svg" % i for i in range(4)])
        svg = Svg(os.path.join(out, "layers_2.svg"))  # vec.csv, 4 lanes
        for layer in ("c1", "n1", "p1", "fc", "sm"):
            self.assertIn("bar-ideal-%s" % layer, svg.ids)
            self.assertIn("bottleneck-%s" % layer, svg.ids)
        layers = [r for r in rows(os.path.join(TMP, "nets", "layers.csv")) if r["point"] == "2"]
        self.assertEqual([r["layer"] for r in layers], ["c1", "n1", "p1", "fc", "sm"])
        for r in layers:
            self.assertTrue(svg.has_text(" " + r["bottleneck"]), r["bottleneck"])
        for text in ("vec, vector.lanes=4", "cycles", "stall: DRAM latency"):
            self.assertTrue(svg.has_text(text), text)

    def test_sweep_networks(self):
        out = self.run_plot("networks", os.path.join(TMP, "nets"))
        svg = Svg(os.path.join(out, "networks.svg"))
        self.assertEqual(sorted(svg.with_prefix("gemm-")), ["gemm-%d" % i for i in range(4)])
        self.assertEqual(sorted(svg.with_prefix("vector-")), ["vector-%d" % i for i in range(4)])
        for text in ("tiny", "vec", "vector.lanes=4", "vector.lanes=32", "vector-unit layers",
                     "total cycles (cycles)"):
            self.assertTrue(svg.has_text(text), text)
        # Fewer lanes never make the vector layers faster: the orange bar of 4 lanes is taller.
        vec = [r for r in rows(os.path.join(TMP, "nets", "layers.csv")) if r["workload"] == "vec"]
        cycles = {}
        for r in vec:
            if r["macs"] == "0":
                cycles[r["vector.lanes"]] = cycles.get(r["vector.lanes"], 0) + int(r["total_cycles"])
        self.assertGreater(cycles["4"], cycles["32"])

    def test_sweep_lines(self):
        out = self.run_plot("lines", os.path.join(TMP, "grid"), "--x", "array.rows")
        self.check_png(os.path.join(out, "sweep_lines.png"), 1000, 500)
        svg = Svg(os.path.join(out, "sweep_lines.svg"))
        self.assertEqual(sorted(svg.with_prefix("series-")), ["series-0", "series-1"])
        for s in ("series-0", "series-1"):
            self.assertEqual(svg.path_vertices(s), 3)  # rows 8, 16, 32
        for text in ("array.dataflow=os", "array.dataflow=ws", "array.rows (= array.cols)",
                     "total cycles (cycles)", "sweep 'plots test'"):
            self.assertTrue(svg.has_text(text), text)

    def test_sweep_heatmap(self):
        out = self.run_plot("heatmap", os.path.join(TMP, "grid"), "--metric",
                            "overall_util_pct")
        svg = Svg(os.path.join(out, "sweep_heatmap.svg"))
        self.assertIn("heatmap", svg.ids)
        self.assertEqual(len(svg.with_prefix("cell-")), 3 * 2)
        results = rows(os.path.join(TMP, "grid", "results.csv"))
        cells = {i: "".join(e.itertext()).strip() for e in svg.root.iter() for i in [e.get("id")]
                 if i and i.startswith("cell-")}
        rows_axis, flows = ["8", "16", "32"], ["os", "ws"]
        for r in results:  # x = array.rows, y = array.dataflow
            key = "cell-%d-%d" % (flows.index(r["array.dataflow"]),
                                  rows_axis.index(r["array.rows"]))
            self.assertEqual(cells[key], "%.4g" % float(r["overall_util_pct"]))
        for text in ("overall util (%)", "array.dataflow", "array.rows (= array.cols)"):
            self.assertTrue(svg.has_text(text), text)

    def front_of(self, pts):
        return [p for p in pts if not any(q != p and q[0] <= p[0] and q[1] <= p[1]
                                          for q in pts)]

    def test_pareto(self):
        # The default Pareto: latency against area.
        out = self.run_plot("pareto", os.path.join(TMP, "grid"))
        self.check_png(os.path.join(out, "pareto.png"), 800, 500)
        svg = Svg(os.path.join(out, "pareto.svg"))
        self.assertEqual(len(svg.with_prefix("point-")), 6)
        pts = [(float(r["area_mm2"]), float(r["runtime_ms"]))
               for r in rows(os.path.join(TMP, "grid", "results.csv"))]
        self.assertIn("pareto-front", svg.ids)
        self.assertTrue(svg.has_text("Pareto front (%d of 6 points)" % len(self.front_of(pts))))
        for text in ("area (mm²)", "latency (ms)", "runtime_ms vs area_mm2",
                     "config 'edge': 1024 KiB SRAM, lpddr4_2400 DRAM, 45nm, 1000 MHz"):
            self.assertTrue(svg.has_text(text), text)
        out = self.run_plot("pareto", os.path.join(TMP, "grid"), "--cost", "pes", "--metric",
                            "total_cycles")
        svg = Svg(os.path.join(out, "pareto.svg"))
        self.assertTrue(svg.has_text("processing elements (PEs)"))

    def test_pareto_energy(self):
        out = self.run_plot("sweep", os.path.join(TMP, "grid"))
        self.assertTrue(os.path.exists(os.path.join(out, "pareto.svg")))
        svg = Svg(os.path.join(out, "pareto_energy.svg"))
        pts = [(float(r["energy_pj"]), float(r["runtime_ms"]))
               for r in rows(os.path.join(TMP, "grid", "results.csv"))]
        self.assertTrue(svg.has_text("Pareto front (%d of 6 points)" % len(self.front_of(pts))))
        self.assertTrue(svg.has_text("energy (mJ)"))

    def test_pareto_one_front_per_memory_model_and_workload(self):
        out = self.run_plot("pareto", os.path.join(TMP, "models"))
        svg = Svg(os.path.join(out, "pareto.svg"))
        results = rows(os.path.join(TMP, "models", "results.csv"))
        self.assertEqual(len(svg.with_prefix("point-")), 12)
        fronts = sorted(svg.with_prefix("pareto-front"))
        self.assertEqual(fronts, ["pareto-front-tiny-hbm2", "pareto-front-tiny-lpddr4_2400",
                                  "pareto-front-tiny2-hbm2", "pareto-front-tiny2-lpddr4_2400"])
        for workload in ("tiny", "tiny2"):
            for model in ("lpddr4_2400", "hbm2"):
                pts = [(float(r["area_mm2"]), float(r["runtime_ms"])) for r in results
                       if r["workload"] == workload and r["dram.model"] == model]
                self.assertTrue(svg.has_text("Pareto front, %s, %s (%d of 3 points)" % (
                    workload, model, len(self.front_of(pts)))))
        self.assertTrue(svg.has_text("per workload and dram.model"))

    def test_sweep_workload_bars(self):
        out = self.run_plot("lines", os.path.join(TMP, "models"), "--x", "workload")
        self.check_png(os.path.join(out, "sweep_bars.png"), 880, 500)
        svg = Svg(os.path.join(out, "sweep_bars.svg"))
        self.assertEqual(svg.with_prefix("series-"), [])
        self.assertEqual(len(svg.with_prefix("bar-")), 2 * 6)  # 2 workloads x 6 designs
        for i in range(6):
            for w in ("tiny", "tiny2"):
                self.assertIn("bar-%d-%s" % (i, w), svg.ids)
        for text in ("workload", "total cycles (cycles)", "array.rows=8, dram.model=hbm2"):
            self.assertTrue(svg.has_text(text), text)

    def test_failed_points_are_left_out(self):
        out = self.run_plot("pareto", os.path.join(TMP, "failing"), "--cost", "sram_kib")
        svg = Svg(os.path.join(out, "pareto.svg"))
        self.assertEqual(len(svg.with_prefix("point-")), 1)
        self.assertTrue(svg.has_text("sweep 'plots test': config 'edge': 32x32, ws, "
                                     "lpddr4_2400 DRAM"))  # the swept SRAM is left out
        self.assertTrue(svg.has_text("on-chip SRAM (KiB)"))

    def test_reexec_when_the_first_python_lacks_matplotlib(self):
        fake = os.path.join(TMP, "fake")  # a matplotlib that cannot be imported
        os.makedirs(os.path.join(fake, "matplotlib"), exist_ok=True)
        write(os.path.join(fake, "matplotlib", "__init__.py"), "raise ImportError('fake')\n")
        out = os.path.join(TMP, "reexec")
        env = dict(os.environ, PYTHONPATH=fake)
        env.pop("SASIM_PLOT_REEXEC", None)
        r = subprocess.run([sys.executable, PLOT, "cycle-stack", os.path.join(TMP, "run"),
                            "--out", out], env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.check_png(os.path.join(out, "cycle_stack.png"), 640, 480)

    def test_without_matplotlib_names_the_fix(self):
        fake = os.path.join(TMP, "fake")
        os.makedirs(os.path.join(fake, "matplotlib"), exist_ok=True)
        write(os.path.join(fake, "matplotlib", "__init__.py"), "raise ImportError('fake')\n")
        env = dict(os.environ, PYTHONPATH=fake, SASIM_PLOT_REEXEC="1")
        r = subprocess.run([sys.executable, PLOT, "run", os.path.join(TMP, "run")], env=env,
                           capture_output=True, text=True, timeout=60)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("apt-get install python3-matplotlib", r.stderr)


def main():
    if not os.environ.get("SASIM_BIN"):
        sys.exit("plots_test.py: set SASIM_BIN to the sasim executable")
    probe = [p for p in [sys.executable, "/usr/bin/python3"] if os.access(p, os.X_OK)]
    if not any(subprocess.run([p, "-c", "import matplotlib"], capture_output=True).returncode
               == 0 for p in probe):
        print("SKIPPED: no Python with matplotlib: apt-get install python3-matplotlib")
        sys.exit(77)
    unittest.main(verbosity=2)


if __name__ == "__main__":
    main()
