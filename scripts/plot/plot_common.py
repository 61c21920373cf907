"""Shared by sasim's plot scripts: finding a Python that has matplotlib, reading sasim's reports
(CSV, summary.json, config.toml), units of report columns, and saving figures as PNG and SVG.
Figures tag their data artists with ids (set_gid), which become element ids in the SVG."""
import csv
import json
import os
import sys

INTERPRETERS = ("/usr/bin/python3", "/usr/local/bin/python3")


def ensure_matplotlib():
    """Re-runs this script under an interpreter that has matplotlib if the current one lacks
    it (the python3 first on PATH may be a pyenv one that does not see Debian's packages)."""
    try:
        import matplotlib  # noqa: F401
        return
    except ImportError:
        pass
    tried = [sys.executable]
    if not os.environ.get("SASIM_PLOT_REEXEC"):  # once: the re-run reports failure instead
        for cand in INTERPRETERS:
            if os.access(cand, os.X_OK):
                os.environ["SASIM_PLOT_REEXEC"] = "1"
                # -E: PYTHONPATH and PYTHONHOME meant for the first interpreter would mislead it
                os.execv(cand, [cand, "-E"] + sys.argv)
    tried += [c for c in INTERPRETERS if os.access(c, os.X_OK)]
    sys.exit("plot: no Python with matplotlib (tried %s): apt-get install python3-matplotlib"
             % ", ".join(tried))


def pyplot():
    """matplotlib.pyplot on the Agg backend, set up for reproducible SVGs with real text."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    plt.rcParams["svg.fonttype"] = "none"  # text stays text: axis labels can be checked
    plt.rcParams["svg.hashsalt"] = "sasim"  # stable ids across runs
    return plt


class ReportError(Exception):
    """A report file is missing or malformed; the message names the file."""


def read_csv(path):
    try:
        with open(path, newline="") as f:
            return list(csv.DictReader(f))
    except OSError as e:
        raise ReportError("%s: cannot read: %s" % (path, e.strerror))


def csv_columns(path):
    with open(path, newline="") as f:
        return next(csv.reader(f), [])


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise ReportError("%s: cannot read: %s" % (path, e))


def _toml_value(text):
    text = text.strip()
    if text.startswith('"'):  # a basic string, as JSON writes it
        return json.loads(text[: text.rindex('"') + 1])
    text = text.split("#", 1)[0].strip()
    if text in ("true", "false"):
        return text == "true"
    try:
        return int(text)
    except ValueError:
        return float(text)


def read_config(path):
    """The flat key = value TOML that `sasim run` writes as config.toml: {"array.rows": 32}."""
    out, section = {}, ""
    try:
        lines = open(path).read().splitlines()
    except OSError as e:
        raise ReportError("%s: cannot read: %s" % (path, e.strerror))
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]").strip()
            continue
        key, _, value = line.partition("=")
        full = (section + "." if section else "") + key.strip()
        out[full] = _toml_value(value)
    return out


UNITS = {"cycles": "cycles", "pct": "%", "gbps": "GB/s", "bytes": "bytes", "ms": "ms",
         "macs": "MACs", "kib": "KiB", "kb": "KiB", "mhz": "MHz", "pes": "PEs", "mm2": "mm²",
         "pj": "pJ", "mw": "mW", "uj": "µJ"}
# Columns shown in a larger unit: name -> (factor, axis label).
SCALED = {"energy_pj": (1e-9, "energy (mJ)"), "edp_uj_ms": (1.0, "energy-delay product (µJ·ms)"),
          "tops_per_watt": (1.0, "efficiency (TOPS/W)"), "runtime_ms": (1.0, "latency (ms)")}


def label(column):
    """'total_cycles' -> 'total cycles (cycles)', 'dram.bandwidth_gbps' -> '... (GB/s)'."""
    last = column.rsplit("_", 1)[-1].lower()
    unit = UNITS.get(last) or UNITS.get(column.rsplit(".", 1)[-1].lower())
    if column in SCALED:
        return SCALED[column][1]
    if column == "pes":
        return "processing elements (PEs)"
    if column == "sram_kib":
        return "on-chip SRAM (KiB)"
    text = column.replace("_pct", "")
    if last in ("mm2", "pj", "mw", "uj"):  # the unit says it: "area_mm2" -> "area (mm²)"
        text = text[: -len(last) - 1]
    text = text.replace("_", " ")
    return "%s (%s)" % (text, unit) if unit else text


def scale(column):
    """The factor from a column's unit to the unit label() names."""
    return SCALED.get(column, (1.0, ""))[0]


def design_text(config, skip=()):
    """The design in a few words, for titles: '32x32 ws, 1024 KiB SRAM, lpddr4_2400 DRAM,
    45nm, 1000 MHz'; keys in `skip` (swept ones) are left out."""
    def has(*keys):
        return all(k in config and k not in skip for k in keys)
    parts = []
    if has("array.rows", "array.cols"):
        parts.append("%dx%d" % (config["array.rows"], config["array.cols"]))
    if has("array.dataflow"):
        parts.append(str(config["array.dataflow"]))
    if has("sram.ifmap_kb", "sram.filter_kb", "sram.ofmap_kb"):
        kib = config["sram.ifmap_kb"] + config["sram.filter_kb"] + config["sram.ofmap_kb"]
        parts.append("%d KiB SRAM" % kib)
    if has("dram.model"):
        parts.append("%s DRAM" % config["dram.model"])
    if has("tech.node"):
        parts.append(str(config["tech.node"]))
    if has("clock_mhz"):
        parts.append("%g MHz" % config["clock_mhz"])
    return ", ".join(parts)


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def spread_labels(fig, notes, tries=40):
    """Moves each annotation up, a line at a time, until it overlaps no label placed before it
    (lowest points first), so labels of nearby points stay readable."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    placed = []
    for note in sorted(notes, key=lambda n: (n.xy[1], n.xy[0])):
        for _ in range(tries):
            box = note.get_window_extent(renderer)
            if not any(box.overlaps(p) for p in placed):
                break
            dx, dy = note.xyann
            note.xyann = (dx, dy + box.height * 72.0 / fig.dpi + 1)
        placed.append(note.get_window_extent(renderer))


def save(fig, out_dir, name, formats):
    """Writes out_dir/name.<fmt> for each format; returns the paths."""
    os.makedirs(out_dir, exist_ok=True)
    paths = []
    for fmt in formats:
        path = os.path.join(out_dir, "%s.%s" % (name, fmt))
        meta = {"Date": None} if fmt == "svg" else {}
        fig.savefig(path, format=fmt, dpi=100, metadata=meta, bbox_inches=None)
        paths.append(path)
    import matplotlib.pyplot as plt
    plt.close(fig)
    return paths
