#!/usr/bin/env python3
"""`make bench`: attnviz beside numpy and PyTorch, side by side in one run.

For each size it runs `attnviz --bench`, then the same work in numpy and in
PyTorch (bench/peer.py), one after the other, and prints a table of the
median times, the ratios (attnviz time / peer time), attnviz's GFLOP/s, its
fraction of the sgemm floor and its peak memory; the same goes to the CSV.
With --products, each row also gets the time of attnviz's own products
alone (bench/products.c: the same cblas_sgemm calls in the same blocks on
the same threads, nothing between them), printed, not in the CSV: how far
from the floor the shapes themselves are (K = d_k is short, and each block
packs a whole K_t and V_t).
The floor is the model's matrix-product FLOPs at the rate of OpenBLAS's own
sgemm on every core (bench/sgemm.c, a 2048^3 product), measured in the same
run; floor_fraction = floor / attnviz time (1 would be every FLOP at that
rate, with the softmax, the embeddings and the PE for free).
Then it times the small edits (`attnviz --bench --edits`), and the reading
of a word-vectors file the size of GloVe's 400,000 words of 100 dimensions
(bench/vectors.c: it writes the file into a temporary folder, the same
bytes every time, then loads it three times in fresh processes; the median
time, and the peak memory against the vectors' own size).

A peer that is not installed is skipped, saying so; numpy must run on
OpenBLAS, not the reference BLAS (checked in /proc/self/maps). Where
OPENBLAS_CORETYPE or OPENBLAS_L2_SIZE are set, both are unset for the
commands this script runs (they slow a current OpenBLAS); nowhere else.
attnviz runs with OPENBLAS_NUM_THREADS=1: it calls OpenBLAS on one thread
and shares the cores out itself, and OpenBLAS would otherwise start a
thread of its own at load that spins for about 0.1 s (see
docs/ARCHITECTURE.md, "Threads"); the peers keep OpenBLAS's threads.

Last, the terminal UI (bench/tui.c, with --tui): the real binary on a
120x34 pseudo-terminal, driven and read by the end-to-end tests' harness
(tests/support/vt.c: forkpty + libvterm; spawn_env.c: a fresh temporary
HOME, XDG_CONFIG_HOME and XDG_STATE_HOME for every process, so autosave and
history never touch the real ones), with TERM=xterm-256color,
LANG=C.UTF-8 and OPENBLAS_NUM_THREADS=1. Nothing is a timed unit test and
no figure fails the run: each is printed with its target and PASS or MISS.

What "a frame" is. After writing a key to the pty master, bench/tui.c reads
the program's output through the harness until (1) the emulated screen
shows the change the key makes (the status line's "causal on" or
"d_model 504", the explain pane's title "(row R) ... (col C)" for an arrow,
the heatmap's "rows A-B of 300" for a scroll) and (2) no byte arrives for a
quiet window: 25 ms, or 5 ms during a background pass, whose progress line
is redrawn every 15 ms (the window must be shorter than that, and a key's
frame is followed by at least 15 ms of silence). A frame's time is from
just before the write() of the key to when the read() that returned the
frame's last byte came back, so the quiet window is never part of it. The
harness feeds every chunk to libvterm before the predicate that takes the
time sees it: the last chunk's parse is included (the "libvterm" line
prints what parsing a whole model-change frame costs, well under 0.1 ms);
earlier chunks are parsed while the program is still writing. The floor
line times a key the pty's line discipline echoes by itself (`cat` in
canonical mode), the same way: what the harness and the pty add to any
frame's time. The keys are
sent one at a time, each after the previous frame went quiet, so curses'
typeahead check never drops a frame. The bytes of a key are everything the
program wrote from the key's write until the quiet window after the frame
that shows the key's change (for an arrow, the explain pane's frame that
follows the heatmap's).

The figures and their targets (N <= 64, d_model <= 512 at 120x34):
- start-up: spawn (fork) to the last byte of the first frame with the status
  line ("d_model"), the prompt row drawn and no "computing"; median of 11
  fresh processes; target median < 50 ms.
- a model change: `c` (causal on, off, ...) and `-`/`+` in turn (d_model
  down a head's width and back: 64 -> 63 -> 64, 512 -> 504 -> 512), 50 keys
  each, at (16, 64, 1) and (64, 512, 8), the sentence N words; target p90
  < 2 ms (the median is printed too). cpu: the program's CPU time a key
  (/proc/PID/task/*/schedstat), of its main thread (keys, drawing and small
  passes) and of all its threads (the compute pool too).
- a cursor move: 50 arrow keys in a snake over columns 0-4 from row 0 to
  row 10 (all in view: nothing scrolls) in the same two sessions, before
  the model keys. A key's own frame is its first burst of output (up to
  the first quiet window), which must have moved the heatmap's cursor cell
  (reverse video and bold) the key's way on the replayed screen; the
  vectors and explain panes follow in a frame of their own once the cursor
  has rested for :detail-delay (60 ms), and the key ends when the explain
  pane names the new cell. Target: the key's own frame, max bytes < 200;
  the panes' frame (bytes, and the time from the key) is printed beside it.
  The bytes are also charged to the screen's parts, by replaying the output
  into a second libvterm a byte at a time (text where it is written, an
  escape sequence where it leaves the cursor): status and flow strip,
  heatmap, vectors pane, explain pane, message and prompt rows; means a key.
- a held arrow key: then Right 12 times, one every 40 ms as a terminal
  repeats a held key (Xorg's default 25 a second), and the frame that
  explains the last cell: the bytes from each key to the next (info), the
  last frame and the whole run beside them.
- a scroll by one row: a 300-word sentence (d_model 8), the cursor walked to
  the last visible row, then Down 20 times, each scrolling the heatmap by
  one row (the scroll's frame and the panes' that follow it, as one), each
  followed by Ctrl-L (a full redraw of the same screen). The
  rows that changed are found by comparing every cell (text, attributes,
  colors) of the replayed screen before and after the scroll; the budget is
  what the full redraw spent on those rows (charged as above). Target: every
  scroll's bytes <= its budget (ratio max <= 1); the full redraw's bytes are
  printed beside them.
- during a recompute: 4,096 words in a temporary FILE.txt, `attnviz --dim
  512 --heads 8 FILE.txt`; `c` starts a pass in the background and arrow
  keys (Right, Down, ... a diagonal walk that scrolls both ways) follow at
  once, each sent when the previous one's frames are done; a key's response
  is its own frame (its first burst, which must change the heatmap's rows)
  and counts while the status line still shows "computing" then; rounds
  of `c` until 60 such keys. Target: max <= 16 ms (one frame at 60 Hz); the
  same walk with no pass running (idle) and the time from `c` to the new
  picture are printed beside it.
The machine is shared: the program's threads, the harness and anything else
running compete for the cores, which the p90 and max show. --quick takes 20
keys, 5 start-ups, 5 scrolls and 20 keys during a recompute instead.

The CSV is one table: the compute rows (n, d_model, heads and their
figures), then one row per UI figure (n, d_model, heads, then measure,
samples, median, p90, max, unit, target, result: PASS, MISS, or info for a
figure printed beside a target), each kind's columns empty in the other.

usage: run.py --attnviz BIN --sgemm BIN [--products BIN] [--vectors BIN] [--tui BIN] [--csv PATH]
              [--quick] [--tui-only]
  --quick     compute sizes up to 1024 only; fewer UI keys and runs
  --tui-only  only the terminal UI's figures
"""
import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile

PY = "/usr/bin/python3"
HERE = os.path.dirname(os.path.abspath(__file__))
SIZES = [(n, d, h) for n in (16, 64, 256, 1024, 2048, 4096) for d, h in ((64, 1), (512, 8))]
EDITS = [(16, 64, 1), (16, 512, 8), (64, 64, 1), (64, 512, 8), (1024, 512, 8)]
UNDO = (1024, 512, 8)   # the size of the undo target, against one forward pass
HEADER = ["n", "d_model", "heads", "attnviz_s", "numpy_s", "torch_s", "ratio_numpy",
          "ratio_torch", "gflops", "floor_fraction", "peak_rss_mib"]
# The terminal UI's rows share the table: n, d_model and heads, then their
# own columns (empty in the compute rows, as the compute columns are in
# theirs). result is PASS, MISS or info (a figure beside a target).
TUI_HEADER = ["measure", "samples", "median", "p90", "max", "unit", "target", "result"]


def bench_env():
    env = dict(os.environ)
    dropped = [k for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in env]
    if dropped:
        for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
            env.pop(k, None)
    return env, dropped


def attnviz_env(env):
    own = dict(env)
    own["OPENBLAS_NUM_THREADS"] = "1"
    return own


def run(cmd, env, timeout=900):
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout, universal_newlines=True)
    if p.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(cmd), p.returncode, p.stderr.strip()))
    return p.stdout


def fields(line):
    return dict(kv.split("=", 1) for kv in line.split() if "=" in kv)


def repeats(n):
    return 51 if n <= 64 else 21 if n <= 256 else 9 if n <= 1024 else 5


def gemm_flops(n, d, h):
    """X.W three times, then per head Q_t.K_t^T and weights_t.V_t."""
    return 3 * 2 * n * d * d + h * 2 * (2 * n * n * (d // h))


def sgemm_rate(sgemm, env):
    out = fields(run([sgemm], env).strip().splitlines()[-1])
    return float(out["sgemm_gflops"]), out.get("threads", "?"), out.get("core", "?")


def check_peer(lib, env, threads):
    """(ok, description) for numpy or torch."""
    try:
        out = run([PY, os.path.join(HERE, "peer.py"), lib, "--check", "--n", "64",
                   "--dim", "64", "--heads", "1", "--threads", str(threads)], env, 300)
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        msg = str(exc).strip().splitlines()
        return False, "not installed (%s)" % (msg[-1] if msg else "cannot run")
    line = out.strip().splitlines()[-1]
    if "blas=openblas" in line:
        return True, line
    return False, line + "  -- not OpenBLAS: skipped (install libopenblas0-pthread)"


def fmt(v, spec):
    return "" if v is None else spec % v


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("--attnviz", required=True)
    p.add_argument("--sgemm", required=True)
    p.add_argument("--products", help="bench/products.c's binary")
    p.add_argument("--vectors", help="bench/vectors.c's binary")
    p.add_argument("--tui", help="bench/tui.c's binary")
    p.add_argument("--csv")
    p.add_argument("--quick", action="store_true",
                   help="sizes up to 1024 only; fewer UI keys and runs")
    p.add_argument("--tui-only", action="store_true", help="only the terminal UI's figures")
    a = p.parse_args(argv)
    env, dropped = bench_env()
    threads = int(env.get("ATTNVIZ_THREADS") or os.cpu_count() or 1)
    print("attnviz benchmark: %d threads (ATTNVIZ_THREADS caps them)" % threads)
    if dropped:
        print("unset for this benchmark: %s" % " ".join(dropped))

    rows = [] if a.tui_only else compute(a, env, threads)
    tui_rows = tui_section(a.tui, a.attnviz, env, a.quick) if a.tui else []
    if a.csv:
        write_csv(a.csv, rows, tui_rows)
    return 0


def compute(a, env, threads):
    """The forward pass beside the peers, the small edits, the vectors file."""
    rate, sg_threads, core = sgemm_rate(a.sgemm, env)
    print("OpenBLAS sgemm (2048^3, %s threads, %s kernels): %.1f GFLOP/s" % (sg_threads, core, rate))
    peers = {}
    for lib in ("numpy", "torch"):
        ok, desc = check_peer(lib, env, threads)
        peers[lib] = ok
        print("%-6s %s" % (lib + ":", desc))

    rows = []
    sizes = [s for s in SIZES if not a.quick or s[0] <= 1024]
    for n, d, h in sizes:
        r = repeats(n)
        base = ["--n", str(n), "--dim", str(d), "--heads", str(h), "--repeat", str(r)]
        out = fields(run([a.attnviz, "--bench", "--threads", str(threads)] + base,
                         attnviz_env(env)).strip().splitlines()[-1])
        t = float(out["median_s"])
        peer_t = {}
        for lib in ("numpy", "torch"):
            if peers[lib]:
                line = run([PY, os.path.join(HERE, "peer.py"), lib, "--threads", str(threads)]
                           + base, env).strip().splitlines()[-1]
                peer_t[lib] = float(fields(line)["median_s"])
            else:
                peer_t[lib] = None
        flops = gemm_flops(n, d, h)
        floor = flops / (rate * 1e9)
        products = None
        if a.products:
            line = run([a.products, str(n), str(d), str(h), str(threads)],
                       attnviz_env(env)).strip().splitlines()[-1]
            products = float(fields(line)["products_s"])
        rows.append({
            "n": n, "d_model": d, "heads": h, "attnviz_s": t,
            "numpy_s": peer_t["numpy"], "torch_s": peer_t["torch"],
            "ratio_numpy": t / peer_t["numpy"] if peer_t["numpy"] else None,
            "ratio_torch": t / peer_t["torch"] if peer_t["torch"] else None,
            "gflops": flops / t / 1e9, "floor_fraction": floor / t,
            "peak_rss_mib": float(out["peak_rss_mib"]),
            "products_s": products, "products_xfloor": products / floor if products else None,
        })
        sys.stdout.flush()

    print()
    print("%6s %5s %3s  %11s %11s %11s  %7s %7s  %7s %6s %6s  %8s  %11s %6s" % (
        "N", "d", "h", "attnviz s", "numpy s", "torch s", "/numpy", "/torch",
        "GFLOP/s", "floor", "xfloor", "RSS MiB", "products s", "xfloor"))
    for r in rows:
        print("%6d %5d %3d  %11.6f %11s %11s  %7s %7s  %7.1f %6.3f %6.2f  %8.1f  %11s %6s" % (
            r["n"], r["d_model"], r["heads"], r["attnviz_s"],
            fmt(r["numpy_s"], "%.6f"), fmt(r["torch_s"], "%.6f"),
            fmt(r["ratio_numpy"], "%.3f"), fmt(r["ratio_torch"], "%.3f"),
            r["gflops"], r["floor_fraction"], 1 / r["floor_fraction"], r["peak_rss_mib"],
            fmt(r["products_s"], "%.6f"), fmt(r["products_xfloor"], "%.2f")))
    print("(/numpy, /torch: attnviz time over the peer's; floor: the products at %.1f GFLOP/s"
          " over attnviz's time; xfloor: its inverse; products: the same cblas_sgemm calls"
          " alone, in attnviz's shapes and blocks on its threads, and their time over the"
          " floor: what the shapes cost before any softmax)" % rate)

    print()
    print("small edits, ms of compute (median of 51 changes back and forth):")
    print("%6s %5s %3s  %9s %9s %9s %9s %9s %9s" % ("N", "d", "h", ":emb", "- +", "+ new d",
                                                   "PE", "c", "undo"))
    for n, d, h in EDITS:
        # a failure is printed in its row: the figures before it still
        # count, and the rest of the benchmark (the terminal UI) still runs
        p = subprocess.run([a.attnviz, "--bench", "--edits", "--threads", str(threads), "--n",
                            str(n), "--dim", str(d), "--heads", str(h), "--repeat", "51"],
                           env=attnviz_env(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=900, universal_newlines=True)
        e = {}
        for line in p.stdout.splitlines():
            m = re.match(r"(edit_\w+)=(\S*)", line)
            if m:
                e[m.group(1)] = m.group(2)
        note = ""
        if p.returncode != 0:
            note = "  failed, exit %d: %s" % (p.returncode, p.stderr.strip())
        print("%6d %5d %3d  %9s %9s %9s %9s %9s %9s%s" % (
            n, d, h, e.get("edit_emb_ms"), e.get("edit_dim_ms"), e.get("edit_dim_new_ms"),
            e.get("edit_pe_ms"), e.get("edit_causal_ms"), e.get("edit_undo_ms"), note))
        forward = [r["attnviz_s"] for r in rows
                   if (r["n"], r["d_model"], r["heads"]) == (n, d, h)]
        if (n, d, h) == UNDO and forward and e.get("edit_undo_ms"):
            ratio = float(e["edit_undo_ms"]) / (forward[0] * 1e3)
            print("  undo at N=%d d=%d h=%d: %.2f x one forward pass (%.1f ms);"
                  " target <= 1.5 x: %s" % (n, d, h, ratio, forward[0] * 1e3,
                                            "PASS" if ratio <= 1.5 else "MISS"))
    print("(- +: a d_model and back, whose W is kept as the spare; + new d: to a d_model"
          " whose W is made; undo: after a 13-line session)")
    if a.vectors:
        vectors_load(a.vectors, env)
    return rows


def write_csv(path, rows, tui_rows):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    pad = [""] * len(TUI_HEADER)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER + TUI_HEADER)
        for r in rows:
            w.writerow([r["n"], r["d_model"], r["heads"], "%.6f" % r["attnviz_s"],
                        fmt(r["numpy_s"], "%.6f"), fmt(r["torch_s"], "%.6f"),
                        fmt(r["ratio_numpy"], "%.4f"), fmt(r["ratio_torch"], "%.4f"),
                        "%.1f" % r["gflops"], "%.4f" % r["floor_fraction"],
                        "%.1f" % r["peak_rss_mib"]] + pad)
        for r in tui_rows:
            w.writerow([r["n"], r["d_model"], r["heads"]] + [""] * (len(HEADER) - 3)
                       + [r["measure"], r["samples"], r["median"], r["p90"], r["max"],
                          r["unit"], r["target"], r["result"]])
    print("wrote %s" % path)


def tui_run(binary, attnviz, env, quick):
    """bench/tui.c's lines as {kind: [fields, ...]}, and its error lines."""
    cmd = [binary, attnviz] + (["--quick"] if quick else [])
    try:
        p = subprocess.run(cmd, env=attnviz_env(env), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=900, universal_newlines=True)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {}, ["%s: %s" % (" ".join(cmd), exc)]
    out, errors = {}, []
    for line in p.stdout.splitlines():
        kind = line.split(" ", 1)[0]
        out.setdefault(kind, []).append(fields(line))
    errors += ["%s: %s" % (e.get("section"), e.get("what")) for e in out.pop("error", [])]
    if p.returncode != 0:
        errors.append("%s: exit %d: %s" % (" ".join(cmd), p.returncode, p.stderr.strip()))
    elif errors and p.stderr.strip():
        errors.append(p.stderr.strip())
    return out, errors


def tui_section(binary, attnviz, env, quick):
    """The terminal UI through a pseudo-terminal (bench/tui.c), against the
    targets; the module docstring says what each figure is."""
    print()
    print("terminal UI, through a %s pseudo-terminal (bench/tui.c; targets: see bench/run.py):"
          % "120x34")
    out, errors = tui_run(binary, attnviz, env, quick)
    rows = []

    def verdict(ok):
        return "PASS" if ok else "MISS"

    def line(what, measured, target, result):
        print("  %-46s %-44s %-16s %s" % (what, measured, target, result))

    def add(cfg, measure, samples, med, p90, mx, unit, target, result, spec):
        n, d, h = cfg
        rows.append({"n": n, "d_model": d, "heads": h, "measure": measure, "samples": samples,
                     "median": spec % med, "p90": spec % p90, "max": spec % mx, "unit": unit,
                     "target": target, "result": result})

    def num(r, k):
        return float(r[k])

    line("figure", "measured", "target", "")
    for r in out.get("floor", []):
        line("the pty's own echo of a key (the floor)", "median %s us, p90 %s, max %s"
             % (r["median_us"], r["p90_us"], r["max_us"]), "", "")
        add(("", "", ""), "tui_floor_us", r["keys"], num(r, "median_us"), num(r, "p90_us"),
            num(r, "max_us"), "us", "", "info", "%.1f")
    for r in out.get("startup", []):
        med = num(r, "median_ms")
        ok = verdict(med < 50)
        line("start-up to the first frame", "median %.1f ms, max %.1f (%s runs)"
             % (med, num(r, "max_ms"), r["runs"]), "median < 50 ms", ok)
        # the built-in first sentence (11 tokens) at the defaults, as a user starts
        add((11, 8, 1), "tui_startup_ms", r["runs"], med, num(r, "p90_ms"), num(r, "max_ms"),
            "ms", "median<50", ok, "%.3f")
    names = {"c": ("c", "tui_key_causal_ms"), "-+": ("- and +", "tui_key_dim_ms")}
    for r in out.get("key", []):
        cfg = (int(r["n"]), int(r["d_model"]), int(r["heads"]))
        label, measure = names.get(r["key"], (r["key"], "tui_key_ms"))
        p90 = num(r, "p90_ms")
        ok = verdict(p90 < 2)
        line("%s at N=%d d=%d h=%d, key to frame" % ((label,) + cfg),
             "median %.2f ms, p90 %.2f, max %.2f" % (num(r, "median_ms"), p90, num(r, "max_ms")),
             "p90 < 2 ms", ok)
        print("  %-46s %s bytes a frame (median); cpu %s us main thread, %s us all threads"
              % ("", r["bytes_median"], r["cpu_ui_us"], r["cpu_all_us"]))
        add(cfg, measure, r["keys"], num(r, "median_ms"), p90, num(r, "max_ms"), "ms",
            "p90<2", ok, "%.3f")
    for r in out.get("cursor", []):
        cfg = (int(r["n"]), int(r["d_model"]), int(r["heads"]))
        mx = num(r, "bytes_max")
        ok = verdict(mx < 200)
        line("arrow key in the heatmap, N=%d d=%d h=%d" % cfg,
             "median %s bytes, max %s" % (r["bytes_median"], r["bytes_max"]), "max < 200 B", ok)
        print("  %-46s a key on average: heatmap %s, vectors %s, explain %s, status %s, "
              "message+prompt %s bytes" % ("", r["heatmap_mean"], r["vectors_mean"],
                                           r["explain_mean"], r["status_mean"], r["bottom_mean"]))
        print("  %-46s frame median %.2f ms, max %.2f; cpu %s us main thread, %s us all threads"
              " (both frames)"
              % ("", num(r, "median_ms"), num(r, "max_ms"), r["cpu_ui_us"], r["cpu_all_us"]))
        print("  %-46s the panes follow the resting cursor: median %s bytes, max %s "
              "(vectors %s, explain %s on average), %.1f ms after the key"
              % ("", r["detail_bytes_median"], r["detail_bytes_max"], r["detail_vectors_mean"],
                 r["detail_explain_mean"], num(r, "detail_median_ms")))
        add(cfg, "tui_cursor_bytes", r["keys"], num(r, "bytes_median"), num(r, "bytes_p90"), mx,
            "bytes", "max<200", ok, "%.0f")
        add(cfg, "tui_cursor_ms", r["keys"], num(r, "median_ms"), num(r, "p90_ms"),
            num(r, "max_ms"), "ms", "", "info", "%.3f")
        add(cfg, "tui_cursor_detail_bytes", r["keys"], num(r, "detail_bytes_median"),
            num(r, "detail_bytes_p90"), num(r, "detail_bytes_max"), "bytes", "", "info", "%.0f")
    for r in out.get("held", []):
        cfg = (int(r["n"]), int(r["d_model"]), int(r["heads"]))
        line("held arrow key, N=%d d=%d h=%d" % cfg,
             "median %s bytes a key, max %s" % (r["bytes_median"], r["bytes_max"]), "", "info")
        print("  %-46s %s keys, one every %s ms; then the last cell's panes, %s bytes; %s in all"
              % ("", r["keys"], r["interval_ms"], r["final_frame_bytes"], r["bytes"]))
        add(cfg, "tui_held_bytes", r["keys"], num(r, "bytes_median"), num(r, "bytes_p90"),
            num(r, "bytes_max"), "bytes", "", "info", "%.0f")
    for r in out.get("scroll", []):
        cfg = (int(r["n"]), int(r["d_model"]), int(r["heads"]))
        rmax = num(r, "ratio_max")
        ok = verdict(rmax <= 1)
        line("scroll by one row, %s tokens (%s rows shown)" % (r["n"], r["visible"]),
             "median %s bytes, max %s" % (r["bytes_median"], r["bytes_max"]),
             "<= changed rows", ok)
        print("  %-46s full redraw %s bytes (median); the %s rows that changed cost %s of it;"
              " scroll/that %.2f median, %.2f max"
              % ("", r["redraw_bytes_median"], r["changed_rows_median"],
                 r["changed_redraw_bytes_median"], num(r, "ratio_median"), rmax))
        add(cfg, "tui_scroll_bytes", r["scrolls"], num(r, "bytes_median"), num(r, "bytes_p90"),
            num(r, "bytes_max"), "bytes", "", "info", "%.0f")
        add(cfg, "tui_redraw_bytes", r["scrolls"], num(r, "redraw_bytes_median"),
            num(r, "redraw_bytes_p90"), num(r, "redraw_bytes_max"), "bytes", "", "info", "%.0f")
        add(cfg, "tui_scroll_ratio", r["scrolls"], num(r, "ratio_median"), num(r, "ratio_p90"),
            rmax, "x", "max<=1", ok, "%.3f")
    for r in out.get("busy", []):
        cfg = (int(r["n"]), int(r["d_model"]), int(r["heads"]))
        mx = num(r, "max_ms")
        ok = verdict(int(r["keys"]) > 0 and mx <= 16)
        line("arrow key while computing, N=%d d=%d h=%d" % cfg,
             "median %.1f ms, p90 %.1f, max %.1f (%s keys)"
             % (num(r, "median_ms"), num(r, "p90_ms"), mx, r["keys"]), "max <= 16 ms", ok)
        print("  %-46s idle: median %.1f ms, max %.1f; c to the new picture %.0f ms alone,"
              " %.0f ms with the keys (median of %s rounds)"
              % ("", num(r, "idle_median_ms"), num(r, "idle_max_ms"), num(r, "pass_alone_ms"),
                 num(r, "pass_median_ms"), r["rounds"]))
        add(cfg, "tui_busy_cursor_ms", r["keys"], num(r, "median_ms"), num(r, "p90_ms"), mx,
            "ms", "max<=16", ok, "%.3f")
        add(cfg, "tui_idle_cursor_ms", r["idle_keys"], num(r, "idle_median_ms"),
            num(r, "idle_p90_ms"), num(r, "idle_max_ms"), "ms", "", "info", "%.3f")
    for r in out.get("parse", []):
        print("  libvterm parses a %s-byte model-change frame (N=%s d=%s) in %s us (median):"
              " at most that of each figure above is the harness's own"
              % (r["bytes"], r["n"], r["d_model"], r["median_us"]))
    for e in errors:
        print("  not measured: %s" % e)
    return rows


VECTOR_WORDS, VECTOR_DIM = 400000, 100


def vectors_load(binary, env):
    """:vectors of a generated GloVe-sized file: time and memory."""
    print()
    print("word vectors: a %d-word, %d-dimension file in GloVe's text format"
          % (VECTOR_WORDS, VECTOR_DIM))
    with tempfile.TemporaryDirectory(prefix="attnviz-bench-") as tmp:
        path = os.path.join(tmp, "vectors.txt")
        run([binary, "make", path, str(VECTOR_WORDS), str(VECTOR_DIM)], env)
        size = os.path.getsize(path)
        runs = [fields(run([binary, "load", path], env).strip().splitlines()[-1])
                for _ in range(3)]
    runs.sort(key=lambda r: float(r["load_s"]))
    r = runs[1]
    vec, table, peak = (float(r[k]) for k in ("vectors_mib", "table_mib", "peak_rss_mib"))
    print("  file %.0f MiB; load %s s (median of 3; %s)" % (
        size / 2**20, r["load_s"], ", ".join(x["load_s"] for x in runs)))
    print("  vectors %.1f MiB; the table holds %.1f MiB (%+.1f%%); peak RSS %.1f MiB "
          "(%+.1f%% over the vectors, %s MiB of it before the load)" % (
              vec, table, 100 * (table / vec - 1), peak, 100 * (peak / vec - 1),
              r["rss_before_mib"]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
