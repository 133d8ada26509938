#!/usr/bin/env python3
"""The benchmark's peers: the same work as `attnviz --bench` in numpy or
PyTorch (bench/run.py runs them side by side with attnviz).

Same work: X[n][d] -> Q, K, V = X.W with random W (made before the timing,
as attnviz makes W once) -> per head: scores = Q_t.K_t^T / sqrt(d_k),
softmax by rows (max-subtracted), every head's weights kept ->
out_t = weights_t.V_t -> the heads side by side. float32 throughout; X is
made before the timing too (attnviz's time includes its embedding and PE).

usage: peer.py numpy|torch --check
       peer.py numpy|torch --n N --dim D --heads H --repeat R --threads T
prints `blas=...` for --check, else `median_s=S`.
"""
import argparse
import statistics
import sys
import time


def blas_of_this_process():
    """Which BLAS library numpy/torch loaded, from /proc/self/maps."""
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            name = path.rsplit("/", 1)[-1]
            if "blas" in name or "mkl" in name:
                libs.add(path)
    if any("openblas" in p for p in libs):
        return "openblas", sorted(p for p in libs if "openblas" in p)[0]
    if libs:
        return "reference", sorted(libs)[0]
    return "none", ""


def numpy_forward(np, x, w, heads):
    n, d = x.shape
    dk = d // heads
    q, k, v = x @ w[0], x @ w[1], x @ w[2]
    qh = q.reshape(n, heads, dk).transpose(1, 0, 2)
    kh = k.reshape(n, heads, dk).transpose(1, 0, 2)
    vh = v.reshape(n, heads, dk).transpose(1, 0, 2)
    s = np.matmul(qh, kh.transpose(0, 2, 1))     # [heads][n][n], kept
    s *= np.float32(1.0 / dk ** 0.5)
    s -= s.max(axis=-1, keepdims=True)
    np.exp(s, out=s)
    s /= s.sum(axis=-1, keepdims=True)
    out = np.matmul(s, vh).transpose(1, 0, 2).reshape(n, d)
    return s, out


def torch_forward(torch, x, w, heads):
    n, d = x.shape
    dk = d // heads
    q, k, v = x @ w[0], x @ w[1], x @ w[2]
    qh = q.view(n, heads, dk).transpose(0, 1)
    kh = k.view(n, heads, dk).transpose(0, 1)
    vh = v.view(n, heads, dk).transpose(0, 1)
    s = torch.matmul(qh, kh.transpose(1, 2)) * (1.0 / dk ** 0.5)
    weights = torch.softmax(s, dim=-1)               # [heads][n][n], kept
    out = torch.matmul(weights, vh).transpose(0, 1).reshape(n, d)
    return weights, out


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("lib", choices=["numpy", "torch"])
    p.add_argument("--check", action="store_true")
    p.add_argument("--n", type=int, default=1024)
    p.add_argument("--dim", type=int, default=512)
    p.add_argument("--heads", type=int, default=8)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--threads", type=int, default=0)
    a = p.parse_args(argv)
    if a.lib == "numpy":
        import numpy as np
        rng = np.random.default_rng(1)
        x = rng.uniform(-1, 1, (a.n, a.dim)).astype(np.float32)
        w = [rng.uniform(-1, 1, (a.dim, a.dim)).astype(np.float32) * np.float32((3 / a.dim) ** 0.5)
             for _ in range(3)]
        run = lambda: numpy_forward(np, x, w, a.heads)
        version = np.__version__
    else:
        import torch
        if a.threads:
            torch.set_num_threads(a.threads)
        torch.set_grad_enabled(False)
        g = torch.Generator().manual_seed(1)
        x = torch.rand(a.n, a.dim, generator=g) * 2 - 1
        w = [(torch.rand(a.dim, a.dim, generator=g) * 2 - 1) * (3 / a.dim) ** 0.5
             for _ in range(3)]
        run = lambda: torch_forward(torch, x, w, a.heads)
        version = torch.__version__
    run()   # warm-up; also loads the BLAS
    if a.check:
        kind, path = blas_of_this_process()
        extra = ""
        if a.lib == "torch":
            extra = " threads=%d" % torch.get_num_threads()
        print("%s=%s blas=%s %s%s" % (a.lib, version, kind, path, extra))
        return 0
    times = []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    print("median_s=%.6f" % statistics.median(times))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
