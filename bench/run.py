#!/usr/bin/env python3
"""`make bench`: attnviz beside numpy and PyTorch, side by side in one run.

For each size it runs `attnviz --bench`, then the same work in numpy and in
PyTorch (bench/peer.py), one after the other, and prints a table of the
median times, the ratios (attnviz time / peer time), attnviz's GFLOP/s, its
fraction of the sgemm floor and its peak memory; the same goes to the CSV.
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

usage: run.py --attnviz BIN --sgemm BIN [--vectors BIN] [--csv PATH] [--quick]
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
EDITS = [(16, 64, 1), (16, 512, 8), (64, 64, 1), (64, 512, 8)]
HEADER = ["n", "d_model", "heads", "attnviz_s", "numpy_s", "torch_s", "ratio_numpy",
          "ratio_torch", "gflops", "floor_fraction", "peak_rss_mib"]


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
    p.add_argument("--vectors", help="bench/vectors.c's binary")
    p.add_argument("--csv")
    p.add_argument("--quick", action="store_true", help="sizes up to 1024 only")
    a = p.parse_args(argv)
    env, dropped = bench_env()
    threads = int(env.get("ATTNVIZ_THREADS") or os.cpu_count() or 1)
    print("attnviz benchmark: %d threads (ATTNVIZ_THREADS caps them)" % threads)
    if dropped:
        print("unset for this benchmark: %s" % " ".join(dropped))

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
        rows.append({
            "n": n, "d_model": d, "heads": h, "attnviz_s": t,
            "numpy_s": peer_t["numpy"], "torch_s": peer_t["torch"],
            "ratio_numpy": t / peer_t["numpy"] if peer_t["numpy"] else None,
            "ratio_torch": t / peer_t["torch"] if peer_t["torch"] else None,
            "gflops": flops / t / 1e9, "floor_fraction": floor / t,
            "peak_rss_mib": float(out["peak_rss_mib"]),
        })
        sys.stdout.flush()

    print()
    print("%6s %5s %3s  %11s %11s %11s  %7s %7s  %7s %6s %6s  %8s" % (
        "N", "d", "h", "attnviz s", "numpy s", "torch s", "/numpy", "/torch",
        "GFLOP/s", "floor", "xfloor", "RSS MiB"))
    for r in rows:
        print("%6d %5d %3d  %11.6f %11s %11s  %7s %7s  %7.1f %6.3f %6.2f  %8.1f" % (
            r["n"], r["d_model"], r["heads"], r["attnviz_s"],
            fmt(r["numpy_s"], "%.6f"), fmt(r["torch_s"], "%.6f"),
            fmt(r["ratio_numpy"], "%.3f"), fmt(r["ratio_torch"], "%.3f"),
            r["gflops"], r["floor_fraction"], 1 / r["floor_fraction"], r["peak_rss_mib"]))
    print("(/numpy, /torch: attnviz time over the peer's; floor: the products at %.1f GFLOP/s"
          " over attnviz's time; xfloor: its inverse)" % rate)

    if a.csv:
        os.makedirs(os.path.dirname(a.csv) or ".", exist_ok=True)
        with open(a.csv, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(HEADER)
            for r in rows:
                w.writerow([r["n"], r["d_model"], r["heads"], "%.6f" % r["attnviz_s"],
                            fmt(r["numpy_s"], "%.6f"), fmt(r["torch_s"], "%.6f"),
                            fmt(r["ratio_numpy"], "%.4f"), fmt(r["ratio_torch"], "%.4f"),
                            "%.1f" % r["gflops"], "%.4f" % r["floor_fraction"],
                            "%.1f" % r["peak_rss_mib"]])
        print("wrote %s" % a.csv)

    print()
    print("small edits, ms of compute (median of 51 changes back and forth):")
    print("%6s %5s %3s  %9s %9s %9s %9s  %s" % ("N", "d", "h", ":emb", "+", "PE", "c", "undo"))
    for n, d, h in EDITS:
        out = run([a.attnviz, "--bench", "--edits", "--threads", str(threads), "--n", str(n),
                   "--dim", str(d), "--heads", str(h), "--repeat", "51"], attnviz_env(env))
        e = {}
        for line in out.splitlines():
            m = re.match(r"(edit_\w+)=(\S*)", line)
            if m:
                e[m.group(1)] = m.group(2)
        print("%6d %5d %3d  %9s %9s %9s %9s  %s" % (
            n, d, h, e.get("edit_emb_ms"), e.get("edit_dim_ms"), e.get("edit_pe_ms"),
            e.get("edit_causal_ms"), "app layer (hook in src/app/bench.c)"))
    if a.vectors:
        vectors_load(a.vectors, env)
    return 0


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
