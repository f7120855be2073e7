# plot.py - the pictures of `memsim plot`, drawn with matplotlib (Agg backend, no display).
#
# Built into the memsim binary (CMake turns this file into generated/plot_py.h) and run by
# tools/plot.c as
#
#   /usr/bin/python3 - KIND FORMAT OUT_TMP WIDTH HEIGHT [--OPTION VALUE]... -- INPUT...
#
# with this text on stdin. plot.c has already checked the kind, the options and that every
# input is a readable file; this script checks what the files contain.
#
# Protocol with plot.c: exit 0 = the image is in OUT_TMP (plot.c renames it into place);
# exit 2 = bad input, explained in ONE line on stderr that plot.c prints after
# "memsim: plot: "; exit 3 = matplotlib cannot be imported; anything else is an internal
# error whose last stderr line plot.c reports.
#
# Invariants: the image is exactly WIDTH x HEIGHT pixels (figsize W/100 x H/100 inches at
# 100 dpi, never bbox_inches='tight'; SVG sizes are in pt, 72 per inch), and the same
# inputs give the same bytes: matplotlib's defaults rather than the user's matplotlibrc,
# no date in the metadata, a fixed SVG id salt.
#
# Input formats: docs/plot.md; the run JSON schema is docs/statistics.md.
import sys

# A script read from stdin gets the working directory on sys.path: a csv.py or json.py there
# would shadow the standard library. Drop it before importing anything else.
sys.path[:] = [p for p in sys.path if p not in ("", ".")]

import csv  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import warnings  # noqa: E402

DPI = 100
LATENCY_METRICS = ("mean", "p50", "p90", "p99")
LINE_STYLES = ("-", "--", ":", "-.")  # one per --latency metric, in the order given
PERCENTILES = ((50, "p50", "o"), (90, "p90", "s"), (99, "p99", "^"))
UNIT_SUFFIXES = (  # column-name suffix -> unit, for axis labels; longest first
    ("_pj_per_bit", "pJ/bit"),
    ("_gbps", "GB/s"),
    ("_mts", "MT/s"),
    ("_bytes", "bytes"),
    ("_ns", "ns"),
    ("_ps", "ps"),
    ("_pj", "pJ"),
    ("_w", "W"),
    ("_s", "s"),
)


class PlotError(Exception):
    """Bad input: the message is the one line the user sees."""


def fail(msg):
    raise PlotError(msg)


# ---- reading inputs ----------------------------------------------------------------------


def read_csv(path):
    """Returns (header, [(line, {column: text})]); blank lines are skipped."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            if f.read(4096).lstrip().startswith(("{", "[")):
                fail(f"{path}: a JSON file, not CSV (plot latency and plot timeline read runs)")
            f.seek(0)
            reader = csv.reader(f, skipinitialspace=True)
            header, rows = None, []
            for fields in reader:
                if not fields or (len(fields) == 1 and not fields[0].strip()):
                    continue
                if header is None:
                    header = [x.strip() for x in fields]
                    continue
                if len(fields) != len(header):
                    fail(
                        f"{path}:{reader.line_num}: {len(fields)} fields, "
                        f"the header has {len(header)}"
                    )
                rows.append((reader.line_num, dict(zip(header, fields))))
    except UnicodeDecodeError:
        fail(f"{path}: not a text (UTF-8) CSV file")
    except csv.Error as e:
        fail(f"{path}: bad CSV: {e}")
    if header is None:
        fail(f"{path}: empty file (expected a CSV header line)")
    return header, rows


def need_columns(path, header, cols, what):
    for c in cols:
        if c not in header:
            fail(f"{path}: no column '{c}' (is it {what}?)")


def number(text, where, col):
    try:
        return float(text)
    except ValueError:
        fail(f"{where}: {col}: expected a number, got '{text}'")


def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
    except UnicodeDecodeError:
        fail(f"{path}: not a text (UTF-8) JSON file")
    except json.JSONDecodeError as e:
        fail(f"{path}:{e.lineno}: not JSON: {e.msg}")
    if not isinstance(d, dict):
        fail(f"{path}: not the output of memsim run --json (not a JSON object)")
    if not isinstance(d.get("config"), dict):
        d["config"] = {}  # a hand-made file: plots name it by its file name
    return d


def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


# ---- labels and figure -------------------------------------------------------------------


def pretty(col):
    """'read_latency_ns.p99' -> 'read latency p99 (ns)', 'bandwidth_gbps' -> 'bandwidth (GB/s)'."""
    parts = col.split(".")
    unit = ""
    for i, p in enumerate(parts):
        for suffix, u in UNIT_SUFFIXES:
            if p.endswith(suffix) or p == suffix[1:]:
                parts[i], unit = p[: -len(suffix)], u
                break
        if unit:
            break
    text = " ".join(p.replace("_", " ") for p in parts if p)
    return f"{text} ({unit})" if unit else text


class NoMatplotlib(Exception):
    pass


def new_figure(opt, nrows=1):
    """Imports matplotlib (only now: bad input is reported without the 0.5 s import) and
    returns (pyplot, figure, [axes])."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except Exception as e:  # ImportError, or a broken installation
        raise NoMatplotlib(str(e))
    matplotlib.rcdefaults()  # not the user's matplotlibrc: same inputs, same picture
    w, h = opt["width"], opt["height"]
    # Text scales with the picture: 11 pt at the default 1200x800, within 0.7..1.6 of it.
    scale = min(1.6, max(0.7, math.sqrt(w * h / (1200.0 * 800.0))))
    plt.rcParams.update(
        {
            "font.size": 11 * scale,
            "axes.titlesize": 13 * scale,
            "axes.labelsize": 11 * scale,
            "legend.fontsize": 10 * scale,
            "svg.hashsalt": "memsim",
            "axes.grid": True,
            "grid.alpha": 0.35,
        }
    )
    # +1e-6: matplotlib truncates W/100*100 to pixels, and 2.51*100 is 250.99999999999997.
    fig, axes = plt.subplots(
        nrows, 1, sharex=True, squeeze=False, figsize=((w + 1e-6) / DPI, (h + 1e-6) / DPI), dpi=DPI
    )
    return plt, fig, [row[0] for row in axes]


def apply_labels(names, labels, what):
    if len(labels) > len(names):
        fail(f"{len(labels)} --label given for {len(names)} {what}")
    return list(labels) + names[len(labels):]


def save(fig, opt, footnote=None):
    bottom = 0.0
    if footnote:
        fig.text(0.01, 0.01, footnote, fontsize="small", color="0.35", va="bottom")
        bottom = 0.045
    for ax in fig.axes:
        ax.title.set_wrap(True)  # a long title on a small picture breaks instead of clipping
    fig.tight_layout(rect=(0.0, bottom, 1.0, 1.0))
    meta = {"Date": None} if opt["format"] == "svg" else {"Software": "memsim plot"}
    fig.savefig(opt["out"], format=opt["format"], dpi=DPI, metadata=meta)


# ---- curve: bandwidth-latency curves ----------------------------------------------------------


def plot_curve(opt):
    metrics = []
    for m in opt["latency"] or ["mean"]:
        if m not in metrics:
            metrics.append(m)
    lat_cols = [f"read_latency_ns.{m}" for m in metrics]
    what = "memsim curve output"
    rows = []
    for path in opt["inputs"]:
        header, recs = read_csv(path)
        need_columns(path, header, ["config", "bandwidth_gbps", "peak_gbps"] + lat_cols, what)
        if "load" not in header and "offered_gbps" not in header:
            fail(f"{path}: no column 'load' or 'offered_gbps' (is it {what}?)")
        for line, r in recs:
            where = f"{path}:{line}"
            num = {}
            for c in ["bandwidth_gbps", "peak_gbps"] + lat_cols:
                num[c] = number(r[c], where, c)
            for c in ("load", "offered_gbps"):
                num[c] = number(r[c], where, c) if c in r else 0.0
            rows.append((r["config"], r.get("read_ratio", ""), num))
    if not rows:
        fail(f"{opt['inputs'][0]}: no data rows (only a header)")

    # One line per configuration, and per read ratio when that varies.
    ratio_varies = len({rr for _, rr, _ in rows}) > 1
    lines = {}
    for cfg, rr, num in rows:
        lines.setdefault((cfg, rr if ratio_varies else ""), []).append(num)
    names = [f"{cfg}, read ratio {rr}" if rr else cfg for cfg, rr in lines]
    names = apply_labels(names, opt["label"], "lines")

    plt, fig, (ax,) = new_figure(opt)
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    handles = []
    peak_max = 0.0
    for i, pts in enumerate(lines.values()):
        pts.sort(key=lambda n: (n["load"], n["offered_gbps"]))
        color = colors[i % len(colors)]
        x = [n["bandwidth_gbps"] for n in pts]
        for j, c in enumerate(lat_cols):
            ax.plot(
                x, [n[c] for n in pts], color=color, linestyle=LINE_STYLES[j], marker="o",
                markersize=3.5, linewidth=1.8,
            )
        peak = max(n["peak_gbps"] for n in pts)
        peak_max = max(peak_max, peak, max(x))
        ax.axvline(peak, color=color, linestyle=":", linewidth=1.0)
        (h,) = ax.plot([], [], color=color, linewidth=2.5, label=f"{names[i]} (peak {peak:g} GB/s)")
        handles.append(h)
    if len(metrics) > 1:
        for j, m in enumerate(metrics):
            (h,) = ax.plot([], [], color="0.2", linestyle=LINE_STYLES[j], label=f"latency {m}")
            handles.append(h)
    (h,) = ax.plot([], [], color="0.4", linestyle=":", linewidth=1.0, label="peak bandwidth")
    handles.append(h)
    ax.legend(handles=handles, loc="best")
    ax.set_xlim(0, peak_max * 1.05 if peak_max > 0 else 1)
    # Past saturation the latency grows with the backlog without bound; stop the axis
    # where the knee stays readable: 10 x the highest light-load latency, or --max-latency.
    top_seen = max(n[c] for pts in lines.values() for n in pts for c in lat_cols)
    if opt["max-latency"]:
        top = float(opt["max-latency"])
    else:
        light = max(min(pts, key=lambda n: n["bandwidth_gbps"])[lat_cols[0]]
                    for pts in lines.values())
        top = 10 * light if light > 0 else top_seen
    footnote = None
    if top_seen > top:
        clipped = sum(1 for pts in lines.values() for n in pts for c in lat_cols if n[c] > top)
        footnote = (f"{clipped} point(s) above {top:.0f} ns (up to {top_seen:.0f} ns) are off the "
                    "chart: saturated, latency grows with the backlog (--max-latency NS)")
    else:
        top = top_seen * 1.05 if top_seen > 0 else 1
    ax.set_ylim(0, top)
    ax.set_xlabel("achieved bandwidth (GB/s)")
    ax.set_ylabel("read latency (ns)" if len(metrics) > 1 else f"read latency, {metrics[0]} (ns)")
    ax.set_title(opt["title"] or "Bandwidth vs. read latency")
    save(fig, opt, footnote)


# ---- latency: read-latency CDF ------------------------------------------------------------


def read_histogram(path):
    d = read_json(path)
    total = d.get("total")
    hist = total.get("read_latency_histogram") if isinstance(total, dict) else None
    if not isinstance(hist, dict):
        fail(f"{path}: no total.read_latency_histogram (expected memsim run --json output)")
    edges, counts = hist.get("bucket_ns"), hist.get("count")
    if (
        not isinstance(edges, list)
        or not isinstance(counts, list)
        or len(edges) != len(counts)
        or not all(is_number(x) for x in edges + counts)
    ):
        fail(f"{path}: total.read_latency_histogram: expected equally long number lists "
             "'bucket_ns' and 'count'")
    if any(b <= a for a, b in zip(edges, edges[1:])) or any(c < 0 for c in counts):
        fail(f"{path}: total.read_latency_histogram: bucket_ns must ascend and counts be >= 0")
    n = sum(counts)
    if n <= 0:
        fail(f"{path}: no reads (the read-latency histogram is empty)")
    cum, run = [], 0
    for c in counts:
        run += c
        cum.append(run)
    preset = d["config"].get("preset")
    name = preset if isinstance(preset, str) and preset else os.path.basename(path)
    return name, [float(e) for e in edges], cum


def percentile(edges, cum, pct):
    """pN as memsim reports it: the smallest bucket edge with at least N % of the reads at or
    below it (docs/statistics.md)."""
    for e, c in zip(edges, cum):
        if c * 100 >= pct * cum[-1]:
            return e
    return edges[-1]


def plot_latency(opt):
    data = [read_histogram(p) for p in opt["inputs"]]
    names = [name for name, _, _ in data]
    for i, name in enumerate(names):  # two runs of one preset: tell them apart
        if names.count(name) > 1:
            names[i] = f"{name} ({os.path.basename(opt['inputs'][i])})"
    names = apply_labels(names, opt["label"], "lines")

    plt, fig, (ax,) = new_figure(opt)
    from matplotlib import ticker

    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    lo = min(edges[0] for _, edges, _ in data)
    hi = max(edges[-1] for _, edges, _ in data)
    if hi > 10 * lo:  # plain numbers at 1, 2, 5 x 10^k: readable, unlike bare powers of ten
        ax.set_xscale("log")
        ax.xaxis.set_major_locator(ticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
        ax.xaxis.set_minor_formatter(ticker.NullFormatter())
    handles = []
    for i, (_, edges, cum) in enumerate(data):
        color = colors[i % len(colors)]
        cdf = [c / cum[-1] for c in cum]
        ax.step([edges[0]] + edges, [0.0] + cdf, where="post", color=color, linewidth=2.0)
        marks = []
        for pct, tag, marker in PERCENTILES:
            x = percentile(edges, cum, pct)
            ax.plot([x], [pct / 100], marker=marker, color=color, markersize=8, linestyle="none",
                    markeredgecolor="black", markeredgewidth=0.6)
            marks.append(f"{tag} {x:.4g}")
        (h,) = ax.plot([], [], color=color, linewidth=2.5,
                       label=f"{names[i]}: {', '.join(marks)} ns")
        handles.append(h)
    for pct, tag, marker in PERCENTILES:
        ax.axhline(pct / 100, color="0.5", linestyle=":", linewidth=0.8)
        (h,) = ax.plot([], [], marker=marker, color="0.6", markeredgecolor="black",
                       markeredgewidth=0.6, linestyle="none", markersize=8, label=tag)
        handles.append(h)
    ax.legend(handles=handles, loc="lower right")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("read latency (ns)" + (", log scale" if hi > 10 * lo else ""))
    ax.set_ylabel("fraction of reads \u2264 latency")
    ax.set_title(opt["title"] or "Read latency distribution (CDF)")
    save(fig, opt)


# ---- timeline: epochs over time -----------------------------------------------------------


def plot_timeline(opt):
    path = opt["inputs"][0]
    d = read_json(path)
    epochs = d.get("epochs")
    if epochs is None:
        fail(f"{path}: no epochs (run with -s stats.epoch=CYCLES)")
    if not isinstance(epochs, list) or not epochs:
        fail(f"{path}: no complete epoch (run longer or with a smaller -s stats.epoch=CYCLES)")
    tck_ps = d["config"].get("tck_ps")
    if not is_number(tck_ps) or tck_ps <= 0:
        fail(f"{path}: config.tck_ps: expected a positive number")
    keys = ["end_cycle", "bandwidth_gbps", "power_w"]
    for i, e in enumerate(epochs):
        for k in keys:
            if not isinstance(e, dict) or not is_number(e.get(k)):
                fail(f"{path}: epochs[{i}]: no number '{k}'")
    has_lat = all(is_number(e.get("read_latency_ns_mean")) for e in epochs)

    cycles = [e["end_cycle"] for e in epochs]
    epoch = cycles[1] - cycles[0] if len(cycles) > 1 else cycles[0]
    us = [c * tck_ps / 1e6 for c in cycles]
    t = [us[0] - epoch * tck_ps / 1e6] + us  # each value covers the epoch that ends at its time

    def series(key, empty_is_gap=False):
        v = [
            float("nan") if empty_is_gap and e.get("reads", 1) == 0 else float(e[key])
            for e in epochs
        ]
        return [v[0]] + v

    _, fig, axes = new_figure(opt, 3 if has_lat else 2)
    total = d.get("total") if isinstance(d.get("total"), dict) else {}
    total = {k: total.get(k) for k in ("bandwidth_gbps", "peak_gbps") if is_number(total.get(k))}
    bw = series("bandwidth_gbps")
    axes[0].step(t, bw, where="pre", color="C0", linewidth=1.6, label="per epoch")
    axes[0].fill_between(t, bw, step="pre", color="C0", alpha=0.15)
    if "bandwidth_gbps" in total:
        axes[0].axhline(total["bandwidth_gbps"], color="C0", linestyle="--", linewidth=1.0,
                        label=f"run average {total['bandwidth_gbps']:.4g} GB/s")
    if "peak_gbps" in total:
        axes[0].axhline(total["peak_gbps"], color="0.3", linestyle=":", linewidth=1.2,
                        label=f"peak {total['peak_gbps']:g} GB/s")
    top = max([v for v in bw if v == v] + [total.get("peak_gbps", 0)])
    axes[0].set_ylim(0, top * 1.1 if top > 0 else 1)
    axes[0].set_ylabel("bandwidth (GB/s)")
    axes[0].legend(loc="lower right")
    panels = [(series("power_w"), "C3", "power (W)")]
    if has_lat:
        panels.append((series("read_latency_ns_mean", True), "C2", "read latency, mean (ns)"))
    for ax, (y, color, label) in zip(axes[1:], panels):
        ax.step(t, y, where="pre", color=color, linewidth=1.6)
        top = max([v for v in y if v == v] + [0])  # v == v: not NaN (an epoch without reads)
        ax.set_ylim(0, top * 1.15 if top > 0 else 1)
        ax.set_ylabel(label)
    axes[-1].set_xlabel("time (\u00b5s)")
    axes[-1].set_xlim(t[0], t[-1])
    preset = d["config"].get("preset")
    preset = preset if isinstance(preset, str) and preset else os.path.basename(path)
    axes[0].set_title(
        opt["title"]
        or f"{preset} over time (epochs of {epoch:g} cycles = {epoch * tck_ps / 1e6:.4g} \u00b5s)"
    )
    save(fig, opt)


# ---- sweep: bar chart of a results table ----------------------------------------------------


def same_value(cell, want):
    if cell == want:
        return True
    try:
        return float(cell) == float(want)
    except ValueError:
        return False


def plot_sweep(opt):
    path = opt["inputs"][0]
    header, recs = read_csv(path)
    what = "a memsim sweep results.csv"
    need_columns(path, header, ["point", "status"], what)
    ip, ist = header.index("point"), header.index("status")
    axes_cols = header[ip + 1: ist]
    stats = [c for c in header[ist + 1:] if c != "error"]
    xcol, ycol, gcol = opt["x"], opt["y"], opt["group"]
    listing = ", ".join(axes_cols) or "none"
    for flag, col in (("--x", xcol), ("--group", gcol)):
        if col is not None and col not in axes_cols:
            fail(f"{path}: {flag} '{col}' is not an axis column (axes: {listing})")
    if ycol not in stats:
        fail(f"{path}: --y '{ycol}' is not a statistic column (statistics: {few(stats) or 'none'})")
    wheres = {}
    for kv in opt["where"]:
        k, v = kv.split("=", 1)
        if k not in axes_cols:
            fail(f"{path}: --where {kv}: '{k}' is not an axis column (axes: {listing})")
        wheres.setdefault(k, []).append(v)  # one key given twice: either value

    chosen = [
        (line, r) for line, r in recs
        if all(any(same_value(r[k], v) for v in vs) for k, vs in wheres.items())
    ]
    ok = [(line, r) for line, r in chosen if r["status"] == "ok"]
    skipped = [r for _, r in chosen if r["status"] != "ok"]
    if not chosen:
        fail(f"{path}: no rows" + (" match the --where filters" if wheres else ""))
    if not ok:
        fail(f"{path}: no row has status ok ({len(skipped)} skipped)")

    bars, xs, gs = {}, [], []
    for line, r in ok:
        x, g = r[xcol], r[gcol] if gcol else ""
        if x not in xs:
            xs.append(x)
        if g not in gs:
            gs.append(g)
        bars.setdefault((x, g), []).append((line, r))
    worst = max(len(v) for v in bars.values())
    if worst > 1:
        free = [c for c in axes_cols if c not in (xcol, gcol) and len({r[c] for _, r in ok}) > 1]
        differ = ", ".join(f"'{c}'" for c in free) or "no axis"
        fail(f"{path}: {worst} rows per bar (they differ in {differ}): "
             "fix the other axes with --where KEY=VALUE")
    values, empty = {}, []
    for k, [(line, r)] in bars.items():
        if r[ycol] == "":  # e.g. offered_gbps of an unpaced point
            empty.append(r["point"])
        else:
            values[k] = number(r[ycol], f"{path}:{line}", ycol)
    if not values:
        fail(f"{path}: '{ycol}' has no value in any row")

    names = apply_labels(list(gs), opt["label"], "groups") if gcol else gs
    _, fig, (ax,) = new_figure(opt)
    width = 0.8 / len(gs)
    for j, g in enumerate(gs):
        pos = [i - 0.4 + width * (j + 0.5) for i, x in enumerate(xs) if (x, g) in values]
        ys = [values[(x, g)] for x in xs if (x, g) in values]
        label = f"{gcol} = {names[j]}" if gcol else None
        cont = ax.bar(pos, ys, width=width * 0.92, color=f"C{j % 10}", label=label, zorder=3)
        if len(values) <= 40:
            ax.bar_label(cont, fmt="%.4g", fontsize="small", padding=2)
    ax.set_xticks(range(len(xs)))
    long_ticks = len(xs) > 8 or max(len(x) for x in xs) > 10
    ax.set_xticklabels(xs, rotation=30 if long_ticks else 0, ha="right" if long_ticks else "center")
    ax.grid(axis="x", visible=False)
    ax.margins(y=0.1)
    ax.set_xlabel(xcol)
    ax.set_ylabel(pretty(ycol))
    if gcol:
        ax.legend(loc="best")
    fixed = ", ".join(f"{k}={v[0]}" for k, v in wheres.items() if len(v) == 1)
    ax.set_title(opt["title"] or f"{pretty(ycol)} by {xcol}" + (f" ({fixed})" if fixed else ""))
    notes = []
    if skipped:
        notes.append(f"{len(skipped)} point(s) skipped, status not ok: " + few(
            f"{r['point']} ({r['status']})" for r in skipped))
    if empty:
        notes.append(f"no {ycol} for point(s) " + few(empty))
    save(fig, opt, "; ".join(notes))


def few(items, n=8):
    items = list(items)
    return ", ".join(items[:n]) + (f" and {len(items) - n} more" if len(items) > n else "")


# ---- command line (normalised by plot.c) ---------------------------------------------------

KINDS = {"curve": plot_curve, "latency": plot_latency, "timeline": plot_timeline,
         "sweep": plot_sweep}


def parse(argv):
    kind, fmt, out, w, h = argv[:5]
    opt = {"kind": kind, "format": fmt, "out": out, "width": int(w), "height": int(h),
           "title": None, "x": None, "y": None, "group": None, "max-latency": None,
           "label": [], "latency": [], "where": [], "inputs": []}
    rest = argv[5:]
    i = 0
    while i < len(rest) and rest[i] != "--":
        key, val = rest[i][2:], rest[i + 1]
        if isinstance(opt[key], list):
            opt[key].append(val)
        else:
            opt[key] = val
        i += 2
    opt["inputs"] = rest[i + 1:]
    return opt


def main(argv):
    warnings.simplefilter("ignore")
    opt = parse(argv)
    try:
        KINDS[opt["kind"]](opt)  # reads and checks every input before it draws
    except NoMatplotlib as e:
        print(f"cannot import matplotlib: {e}", file=sys.stderr)
        return 3
    except PlotError as e:
        print(str(e).replace("\n", " "), file=sys.stderr)
        return 2
    except OSError as e:
        print(f"{e.filename or ''}: {e.strerror or e}".lstrip(": "), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
