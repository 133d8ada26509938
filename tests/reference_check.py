#!/usr/bin/env python3
"""Float64 reference check for attnviz (make test runs it).

For many random configurations it writes a session script, runs
`attnviz --batch -` on it, reads the printed JSON and recomputes, in float64
with numpy, everything downstream of the printed inputs (embeddings, PE, W):
x, Q, K, V, scores, weights, per-head and concatenated outputs. RoPE's
rotation of q and k and ALiBi's slopes and bias are recomputed here from their
definitions (the rotation of x.W, the paper's get_slopes), never read from the
program. Then, with a random cursor and head (or the mean of the heads), it
prints every stage of the computation and the PE view, and checks each
pane the heatmap would show (the JSON's "shown": e, pe, x, q k v, q.k^T
raw, scaled, masked with the ALiBi bias and -inf, weights, the query's
w_ij.v_j with its output row, out; PE and PE.PE^T) against the same
float64 model. It also checks the inputs themselves where they have a closed form:
the tokenization, the sinusoidal PE, the zero PE of none, rope and alibi,
user-set embedding and PE-table rows, Q = K = V = X under the identity
projection. Both seed samples are checked against values computed
here from the seed documents' inputs (never from their hand-made results).

Large configurations (N up to 2,048, d_model up to 512, several heads,
causal and not, scaled and not, identity and random, every PE kind but
table) go through
tests/refdump (the path in $ATTNVIZ_REFDUMP, which `make check` sets): it
writes the model's arrays as raw float32 files into a temporary folder, where
printing them as JSON would take minutes. Checked the same way, plus the
stored row max and softmax denominator of every row.

A value agrees when |ours - ref| <= TOL * max(1, |ref|): float32 storage alone
is off by half an ulp, which for a score of 256 is already 1.5e-5.

usage: reference_check.py PATH/TO/attnviz [--configs N] [--seed S]
"""
import os
import shutil
import tempfile
import json
import math
import random
import string
import subprocess
import sys

import numpy as np

TOL = 1e-5
WORDS = ["I", "love", "cats", "the", "cat", "sat", "on", "mat", "it", "was",
         "tired", "and", "so", "am", "The", "naïve", "café", "猫", "東京",
         "🙂", "x", "attention", "is", "all", "you", "need"]
PUNCT = list(",.!?;:'\"()-")


def tokenize(text):
    """The blueprint's rules: whitespace splits, each ASCII punctuation mark is
    its own token, everything else (UTF-8 included) stays whole."""
    tokens, cur = [], ""
    for ch in text:
        if ch in " \t\n\v\f\r":
            if cur:
                tokens.append(cur)
            cur = ""
        elif ch in string.punctuation:
            if cur:
                tokens.append(cur)
            tokens.append(ch)
            cur = ""
        else:
            cur += ch
    if cur:
        tokens.append(cur)
    return tokens


def run_batch_docs(binary, script):
    """Every JSON document the script prints, in order."""
    proc = subprocess.run([binary, "--batch", "-"], input=script.encode(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=120)
    if proc.returncode != 0:
        raise AssertionError("attnviz --batch exited %d: %s" %
                             (proc.returncode, proc.stderr.decode(errors="replace")))
    return json_docs(proc.stdout.decode())


def run_batch(binary, script):
    docs = run_batch_docs(binary, script)
    return docs[-1] if docs else None


def json_docs(text):
    dec, pos, docs = json.JSONDecoder(), 0, []
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            return docs
        if text[pos] != "{":  # a :print text table, skip its line
            nl = text.find("\n", pos)
            pos = len(text) if nl < 0 else nl + 1
            continue
        doc, pos = dec.raw_decode(text, pos)
        docs.append(doc)


def f32(x):
    return np.asarray(x, dtype=np.float32).astype(np.float64)


def mat(rows, n, d):
    a = np.array(rows, dtype=np.float64)
    return a.reshape(n, d)


class Mismatch(AssertionError):
    pass


def close(name, ours, ref):
    ours = np.asarray(ours, dtype=np.float64)
    ref = np.asarray(ref, dtype=np.float64)
    if ours.shape != ref.shape:
        raise Mismatch("%s: shape %s, expected %s" % (name, ours.shape, ref.shape))
    if ours.size == 0:
        return
    if not np.all(np.isfinite(ours)):
        raise Mismatch("%s: non-finite values" % name)
    err = np.abs(ours - ref) / np.maximum(1.0, np.abs(ref))
    worst = float(err.max())
    if worst > TOL:
        idx = np.unravel_index(int(err.argmax()), err.shape)
        raise Mismatch("%s: off by %.3g at %s (ours %.9g, reference %.9g)" %
                       (name, worst, idx, ours[idx], ref[idx]))


def sinusoidal(n, d):
    pe = np.zeros((n, d))
    for pos in range(n):
        for c in range(d):
            angle = pos / (10000.0 ** ((2 * (c // 2)) / d))
            pe[pos, c] = math.sin(angle) if c % 2 == 0 else math.cos(angle)
    return pe


PE_KINDS = ["none", "sinusoidal", "learned", "table", "rope", "alibi"]


def rope(a, dk):
    """RoPE: a [n][d] with each head's d_k columns; pair i of row pos rotated
    by pos * 10000^(-2i/d_k), an odd last column left as it is."""
    n, d = a.shape
    out = a.copy()
    pos = np.arange(n, dtype=np.float64)[:, None]
    i = np.arange(dk // 2, dtype=np.float64)[None, :]
    angle = pos * 10000.0 ** (-2.0 * i / dk)
    c, s = np.cos(angle), np.sin(angle)
    for t in range(d // dk):
        even = t * dk + 2 * np.arange(dk // 2)
        x, y = a[:, even], a[:, even + 1]
        out[:, even] = x * c - y * s
        out[:, even + 1] = x * s + y * c
    return out


def alibi_slopes(h):
    """The ALiBi paper's get_slopes (Press et al., ofirpress/attention_with_linear_biases)."""
    def power_of_2(p):
        start = 2 ** (-2 ** -(math.log2(p) - 3))
        return [start * start ** i for i in range(p)]
    if math.log2(h).is_integer():
        return power_of_2(h)
    p = 2 ** math.floor(math.log2(h))
    return power_of_2(p) + alibi_slopes(2 * p)[0::2][:h - p]


def alibi_bias(n, slope):
    """-m |i - j| for queries i (rows) and keys j (columns)."""
    idx = np.arange(n, dtype=np.float64)
    return -slope * np.abs(idx[:, None] - idx[None, :])


def reference_forward(doc):
    """Recomputes everything after the inputs; returns per-head dicts and output."""
    cfg = doc["config"]
    n, d, h = len(doc["tokens"]), cfg["d_model"], cfg["heads"]
    dk = d // h
    emb, pe = mat(doc["embedding"], n, d), mat(doc["pe"], n, d)
    x = emb + pe
    if cfg["proj"] == "random":
        q = x @ mat(doc["w_q"], d, d)
        k = x @ mat(doc["w_k"], d, d)
        v = x @ mat(doc["w_v"], d, d)
    else:
        q = k = v = x
    if cfg["pe"] == "rope":
        q, k = rope(q, dk), rope(k, dk)
    slopes = alibi_slopes(h) if cfg["pe"] == "alibi" else [0.0] * h
    heads, out = [], np.zeros((n, d))
    for t in range(h):
        cols = slice(t * dk, (t + 1) * dk)
        qt, kt, vt = q[:, cols], k[:, cols], v[:, cols]
        scores = qt @ kt.T
        if cfg["scale"]:
            scores = scores / math.sqrt(dk)
        masked = scores + alibi_bias(n, slopes[t])
        if cfg["causal"]:
            masked[np.triu(np.ones((n, n), dtype=bool), 1)] = -np.inf
        w = np.exp(masked - masked.max(axis=1, keepdims=True)) if n else masked
        if n:
            w = w / w.sum(axis=1, keepdims=True)
        o = w @ vt
        out[:, cols] = o
        heads.append({"q": qt, "k": kt, "v": vt, "scores": scores,
                      "weights": w, "output": o})
    return x, heads, out


def check_doc(doc, label):
    cfg = doc["config"]
    n, d, h = len(doc["tokens"]), cfg["d_model"], cfg["heads"]
    if cfg["d_k"] * h != d:
        raise Mismatch("%s: d_k %d x heads %d != d_model %d" % (label, cfg["d_k"], h, d))
    x, heads, out = reference_forward(doc)
    close(label + " x", mat(doc["x"], n, d), x)
    if len(doc["heads"]) != h:
        raise Mismatch("%s: %d heads printed, expected %d" % (label, len(doc["heads"]), h))
    dk = cfg["d_k"]
    for t, (ours, ref) in enumerate(zip(doc["heads"], heads)):
        for key, shape in (("q", (n, dk)), ("k", (n, dk)), ("v", (n, dk)),
                           ("scores", (n, n)), ("weights", (n, n)), ("output", (n, dk))):
            close("%s head %d %s" % (label, t, key), mat(ours[key], *shape), ref[key])
        if cfg["causal"]:
            w = mat(ours["weights"], n, n)
            if np.any(w[np.triu(np.ones((n, n), dtype=bool), 1)] != 0.0):
                raise Mismatch("%s head %d: a masked weight is not exactly 0" % (label, t))
    close(label + " output", mat(doc["output"], n, d), out)
    return heads


STAGES = ["e", "pe", "x", "qkv", "scores", "scaled", "masked", "weights", "xv", "out"]


def stage_lines(rng, n, heads):
    """After the model's own :print json: a cursor and a head, then every
    stage and the PE view, each printed (the JSON's "shown" has the panes)."""
    head = "mean" if heads > 1 and rng.random() < 0.3 else str(rng.randrange(heads))
    lines = [":select %d %d" % (rng.randrange(n), rng.randrange(n)), ":head %s" % head]
    for st in STAGES:
        lines += [":stage %s" % st, ":print json"]
    return lines + [":view pe", ":print json"]


def reference_panes(doc, stage, view, head, query):
    """The matrices the heatmap shows at a stage (or the PE view), for head
    (an int, or "mean"), from the model's inputs in float64."""
    cfg = doc["config"]
    n, d, h = len(doc["tokens"]), cfg["d_model"], cfg["heads"]
    dk = d // h
    emb, pe = mat(doc["embedding"], n, d), mat(doc["pe"], n, d)
    x, heads, out = reference_forward(doc)
    if view == "pe":
        return [pe, pe @ pe.T]
    mean = head == "mean" and h > 1
    t = 0 if head == "mean" else int(head)
    sq = lambda f: (sum(f(u) for u in range(h)) / h) if mean else f(t)
    slopes = alibi_slopes(h) if cfg["pe"] == "alibi" else [0.0] * h
    root = math.sqrt(dk) if cfg["scale"] else 1.0

    def raw(u):
        return heads[u]["q"] @ heads[u]["k"].T

    def masked(u):
        m = raw(u) / root + alibi_bias(n, slopes[u])
        if cfg["causal"]:
            m[np.triu(np.ones((n, n), dtype=bool), 1)] = -np.inf
        return m
    first, width = (0, d) if mean else (t * dk, dk)
    full = lambda u, key: np.concatenate([heads[v][key] for v in range(h)], axis=1)
    part = lambda key: full(0, key)[:, first:first + width]
    if stage == "e":
        return [emb]
    if stage == "pe":
        return [emb, pe, x]
    if stage == "x":
        return [x]
    if stage == "qkv":
        return [part("q"), part("k"), part("v")]
    if stage == "scores":
        return [sq(raw)]
    if stage == "scaled":
        return [sq(lambda u: raw(u) / root)]
    if stage == "masked":
        return [sq(masked)]
    if stage == "weights":
        return [sq(lambda u: heads[u]["weights"])]
    if stage == "xv":
        v = part("v")
        cols = [first + c for c in range(width)]
        w = np.array([[heads[col // dk]["weights"][query, j] for col in cols] for j in range(n)])
        return [np.vstack([w * v, out[query, first:first + width]])] if n else [v]
    return [out]


def check_stage_docs(main, docs, label):
    """Each printed stage's panes against reference_panes."""
    if len(docs) != len(STAGES) + 1:
        raise Mismatch("%s: %d stage documents, expected %d" % (label, len(docs), len(STAGES) + 1))
    for doc in docs:
        shown = doc["shown"]
        ref = reference_panes(main, shown["stage"], shown["view"], shown["head"], shown["query"])
        name = "%s %s" % (label, "view pe" if shown["view"] == "pe" else "stage " + shown["stage"])
        if len(shown["panes"]) != len(ref):
            raise Mismatch("%s: %d panes, expected %d" % (name, len(shown["panes"]), len(ref)))
        for k, (pane, want) in enumerate(zip(shown["panes"], ref)):
            ours = np.array([[np.nan if v is None else v for v in row] for row in pane["values"]],
                            dtype=np.float64).reshape(want.shape)
            hidden = np.isinf(want)
            if np.any(np.isnan(ours) != hidden):
                raise Mismatch("%s pane %d: the masked cells differ" % (name, k))
            close("%s pane %d (%s)" % (name, k, pane["data"]), np.where(hidden, 0.0, ours),
                  np.where(hidden, 0.0, want))


def random_sentence(rng, n):
    parts = [rng.choice(WORDS)]  # a word first: a leading ':' or '#' is not a sentence
    while len(tokenize(" ".join(parts))) < n:
        parts.append(rng.choice(PUNCT) if rng.random() < 0.15 else rng.choice(WORDS))
    toks = tokenize(" ".join(parts))
    while len(toks) > n and len(parts) > 1:  # trim whole parts until the count fits
        parts.pop()
        toks = tokenize(" ".join(parts))
    if len(toks) < n:
        parts += ["w%d" % i for i in range(n - len(toks))]
    return " ".join(parts)


def fmt(v):
    return "%.9g" % v


# RoPE and ALiBi with several heads (ALiBi's slopes for a power of two and
# not), causal and not; RoPE with an odd d_k and with d_k = 1 (nothing to
# rotate). Sentence, seed and projection stay random.
FORCED = [
    dict(pe="alibi", d=24, heads=3, causal="on"),
    dict(pe="alibi", d=36, heads=6, causal="off", scale="off"),
    dict(pe="alibi", d=48, heads=12, causal="on"),
    dict(pe="alibi", d=64, heads=8, causal="off"),
    dict(pe="alibi", d=10, heads=1, causal="on", scale="off"),
    dict(pe="rope", d=30, heads=3, causal="on"),
    dict(pe="rope", d=27, heads=3, causal="off"),
    dict(pe="rope", d=16, heads=16, causal="on"),
    dict(pe="rope", d=64, heads=4, causal="off", scale="off"),
    dict(pe="rope", d=2, heads=1, causal="off"),
]


def random_config(rng, i, big=False, forced=None):
    n = rng.randint(200, 400) if big else rng.randint(1, 64)
    d = rng.choice([48, 96, 120]) if big else rng.randint(1, 64)
    heads = rng.choice([h for h in range(1, min(d, 64) + 1) if d % h == 0])
    pe = PE_KINDS[i % len(PE_KINDS)]
    proj = rng.choice(["identity", "random"])
    scale, causal = rng.choice(["on", "off"]), rng.choice(["on", "off"])
    if forced:
        pe, d, heads, causal = forced["pe"], forced["d"], forced["heads"], forced["causal"]
        scale = forced.get("scale", scale)
    seed = rng.randint(0, 2 ** 64 - 1)
    sentence = random_sentence(rng, n)
    tokens = tokenize(sentence)
    lines = [":dim %d" % d, ":heads %d" % heads, ":seed %d" % seed,
             ":pe %s" % pe, ":proj %s" % proj, ":scale %s" % scale,
             ":causal %s" % causal]
    overrides, rows = {}, {}
    for tok in rng.sample(sorted(set(tokens)), min(3, len(set(tokens)))):
        vals = [rng.uniform(-2, 2) for _ in range(d)]
        overrides[tok] = vals
        lines.append(":emb %s %s" % (tok, " ".join(fmt(v) for v in vals)))
    if pe == "table":
        for pos in rng.sample(range(n), min(4, n)):
            vals = [rng.uniform(-1, 1) for _ in range(d)]
            rows[pos] = vals
            lines.append(":pe-row %d %s" % (pos, " ".join(fmt(v) for v in vals)))
    lines += [sentence, ":print json"]
    expect = dict(n=n, d=d, heads=heads, pe=pe, proj=proj, scale=scale == "on",
                  causal=causal == "on", seed=seed, tokens=tokens,
                  overrides=overrides, rows=rows)
    return "\n".join(lines) + "\n", expect


def check_inputs(doc, e, label):
    cfg = doc["config"]
    for key, want in (("d_model", e["d"]), ("heads", e["heads"]), ("pe", e["pe"]),
                      ("proj", e["proj"]), ("scale", e["scale"]),
                      ("causal", e["causal"]), ("seed", e["seed"])):
        if cfg[key] != want:
            raise Mismatch("%s: config %s is %r, expected %r" % (label, key, cfg[key], want))
    if doc["tokens"] != e["tokens"]:
        raise Mismatch("%s: tokens %r, expected %r" % (label, doc["tokens"], e["tokens"]))
    first = {}
    for tok in e["tokens"]:
        first.setdefault(tok, len(first) + 1)
    if doc["ids"] != [first[t] for t in e["tokens"]]:
        raise Mismatch("%s: ids %r are not by first appearance" % (label, doc["ids"]))
    n, d = e["n"], e["d"]
    emb, pe = mat(doc["embedding"], n, d), mat(doc["pe"], n, d)
    for i, tok in enumerate(e["tokens"]):
        if tok in e["overrides"]:
            close("%s embedding of %r" % (label, tok), emb[i], f32(e["overrides"][tok]))
    if e["pe"] in ("none", "rope", "alibi"):
        close(label + " pe " + e["pe"], pe, np.zeros((n, d)))
    elif e["pe"] == "sinusoidal":
        close(label + " pe sinusoidal", pe, sinusoidal(n, d))
    elif e["pe"] == "table":
        want = np.zeros((n, d))
        for pos, vals in e["rows"].items():
            want[pos] = f32(vals)
        close(label + " pe table", pe, want)
    if (e["proj"] == "random") != ("w_q" in doc):
        raise Mismatch("%s: w_q present iff proj is random" % label)
    if e["proj"] == "identity" and e["pe"] != "rope":
        x = mat(doc["x"], n, d)
        for t, head in enumerate(doc["heads"]):
            dk = d // e["heads"]
            close("%s identity q" % label, mat(head["q"], n, dk), x[:, t * dk:(t + 1) * dk])


def check_seed(binary, path, emb, pe_rows):
    """Runs a shipped seed sample and checks it against the seed's inputs."""
    with open(path, encoding="utf-8") as f:
        script = f.read()
    doc = run_batch(binary, script + "\n:print json\n")
    toks = ["I", "love", "cats"]
    if doc["tokens"] != toks:
        raise Mismatch("%s: tokens %r" % (path, doc["tokens"]))
    e = np.array(emb, dtype=np.float32).astype(np.float64)
    p = np.zeros((3, 3)) if pe_rows is None else np.array(pe_rows, dtype=np.float32).astype(np.float64)
    x = e + p
    scores = x @ x.T / math.sqrt(3)
    w = np.exp(scores - scores.max(axis=1, keepdims=True))
    w /= w.sum(axis=1, keepdims=True)
    close(path + " embedding", mat(doc["embedding"], 3, 3), e)
    close(path + " pe", mat(doc["pe"], 3, 3), p)
    close(path + " scores", mat(doc["heads"][0]["scores"], 3, 3), scores)
    close(path + " weights", mat(doc["heads"][0]["weights"], 3, 3), w)
    close(path + " output", mat(doc["output"], 3, 3), w @ x)
    check_doc(doc, path)
    return w


# (n, d_model, heads, pe, proj, scale, causal): the large configurations
LARGE = [
    (2048, 512, 8, "sinusoidal", "random", True, False),
    (2048, 512, 8, "learned", "random", False, True),
    (1500, 384, 6, "learned", "random", True, True),
    (1024, 512, 1, "sinusoidal", "identity", True, True),
    (2048, 256, 4, "none", "identity", False, False),
    (2048, 512, 8, "rope", "random", True, True),
    (1536, 384, 12, "alibi", "random", False, False),
    (1024, 256, 4, "alibi", "identity", True, True),
]


def check_large(refdump, cfg, seed, worst):
    """Runs refdump on one configuration and checks it in float64."""
    n, d, h, pe, proj, scale, causal = cfg
    tmp = tempfile.mkdtemp(prefix="attnviz-refcheck-")
    try:
        proc = subprocess.run([refdump, tmp, str(n), str(d), str(h), str(seed), pe, proj,
                               "1" if scale else "0", "1" if causal else "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
        if proc.returncode != 0:
            raise Mismatch("refdump exited %d: %s" % (proc.returncode,
                                                       proc.stderr.decode(errors="replace")))

        def load(name, *shape):
            return np.fromfile(os.path.join(tmp, name + ".f32"), dtype=np.float32) \
                     .astype(np.float64).reshape(shape)

        def close_w(name, ours, ref):
            close(name, ours, ref)
            err = np.abs(ours - ref) / np.maximum(1.0, np.abs(ref))
            worst[0] = max(worst[0], float(err.max()) if err.size else 0.0)

        dk = d // h
        emb, pe_a, x = load("emb", n, d), load("pe", n, d), load("x", n, d)
        close_w("x", x, emb + pe_a)
        if pe == "sinusoidal":
            pos = np.arange(n, dtype=np.float64)[:, None]
            c = np.arange(d)
            angle = pos / 10000.0 ** ((2 * (c // 2)) / d)
            close_w("pe sinusoidal", pe_a, np.where(c % 2 == 0, np.sin(angle), np.cos(angle)))
        elif pe in ("none", "rope", "alibi"):
            close_w("pe " + pe, pe_a, np.zeros((n, d)))
        if proj == "random":
            q = x @ load("w_q", d, d)
            k = x @ load("w_k", d, d)
            v = x @ load("w_v", d, d)
        else:
            q = k = v = x
        if pe == "rope":
            q, k = rope(q, dk), rope(k, dk)
        slopes = alibi_slopes(h) if pe == "alibi" else [0.0] * h
        close_w("q", load("q", n, d), q)
        close_w("k", load("k", n, d), k)
        close_w("v", load("v", n, d), v)
        weights, scores = load("weights", h, n, n), load("scores", h, n, n)
        row_max, row_sum = load("row_max", h, n), load("row_sum", h, n)
        out = np.zeros((n, d))
        mask = np.triu(np.ones((n, n), dtype=bool), 1)
        for t in range(h):
            cols = slice(t * dk, (t + 1) * dk)
            s = q[:, cols] @ k[:, cols].T
            if scale:
                s /= math.sqrt(dk)
            close_w("head %d scores" % t, scores[t], s)
            s = s + alibi_bias(n, slopes[t])
            if causal:
                s[mask] = -np.inf
            mx = s.max(axis=1, keepdims=True)
            e = np.exp(s - mx)
            sm = e.sum(axis=1, keepdims=True)
            w = e / sm
            close_w("head %d row max" % t, row_max[t], mx[:, 0])
            close("head %d row sum" % t, row_sum[t] / sm[:, 0], np.ones(n))
            close_w("head %d weights" % t, weights[t], w)
            if causal and np.any(weights[t][mask] != 0.0):
                raise Mismatch("head %d: a masked weight is not exactly 0" % t)
            out[:, cols] = w @ v[:, cols]
        close_w("output", load("out", n, d), out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv):
    binary = argv[1]
    count, seed = 60, 20261127
    if "--configs" in argv:
        count = int(argv[argv.index("--configs") + 1])
    if "--seed" in argv:
        seed = int(argv[argv.index("--seed") + 1])
    rng = random.Random(seed)
    failures = 0
    total_batch = count + 2 + len(FORCED)
    for i in range(total_batch):
        forced = FORCED[i - count - 2] if i >= count + 2 else None
        script, expect = random_config(rng, i, big=count <= i < count + 2, forced=forced)
        label = "config %d (N=%d d=%d h=%d pe=%s proj=%s scale=%s causal=%s)" % (
            i, expect["n"], expect["d"], expect["heads"], expect["pe"], expect["proj"],
            expect["scale"], expect["causal"])
        script += "\n".join(stage_lines(rng, expect["n"], expect["heads"])) + "\n"
        try:
            docs = run_batch_docs(binary, script)
            doc = docs[0]
            check_inputs(doc, expect, label)
            check_doc(doc, label)
            check_stage_docs(doc, docs[1:], label)
        except (Mismatch, AssertionError, KeyError, ValueError, TypeError) as exc:
            failures += 1
            print("FAIL %s: %s" % (label, exc))
    seeds = [("samples/seed-i-love-cats.attn",
              [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6], [0.5, 0.1, 0.2]],
              [[0, 0.1, 0], [0.1, 0, 0.1], [0.2, 0.1, 0]]),
             ("samples/seed-one-hot.attn", [[1, 0, 1], [0, 1, 0], [1, 1, 0]], None)]
    for path, emb, pe in seeds:
        try:
            w = check_seed(binary, path, emb, pe)
            print("%s: weights row 0 = %s" % (path, np.array2string(w[0], precision=6)))
        except (Mismatch, AssertionError, KeyError, ValueError, OSError) as exc:
            failures += 1
            print("FAIL %s: %s" % (path, exc))
    refdump = os.environ.get("ATTNVIZ_REFDUMP")
    large = LARGE if refdump else []
    if not refdump:
        print("reference check: ATTNVIZ_REFDUMP not set, large configurations skipped")
    worst = [0.0]
    for j, cfg in enumerate(large):
        label = "large %d (N=%d d=%d h=%d pe=%s proj=%s scale=%s causal=%s)" % ((j,) + cfg)
        try:
            check_large(refdump, cfg, rng.randint(0, 2 ** 64 - 1), worst)
        except (Mismatch, AssertionError, ValueError, OSError, subprocess.TimeoutExpired) as exc:
            failures += 1
            print("FAIL %s: %s" % (label, exc))
    if large:
        print("large configurations: worst error %.3g (relative to max(1, |value|))" % worst[0])
    total = total_batch + len(seeds) + len(large)
    print("reference check: %d of %d configurations agree with float64 to %g"
          % (total - failures, total, TOL))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
