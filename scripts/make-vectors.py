#!/usr/bin/python3
"""Makes samples/vectors/common-48.txt, the word vectors attnviz ships.

    /usr/bin/python3 scripts/make-vectors.py [OUT]     (default: samples/vectors/common-48.txt)

The text: the glosses of WordNet 3.0 (Princeton University; the WordNet 3.0
license, a permissive one: samples/vectors/LICENSE.WordNet), as Debian's
wordnet-base package installs them in /usr/share/wordnet/data.{noun,verb,adj,adv}.
Run as root without it, the script installs it with apt-get; otherwise it
says how. Every synset is one short document: its words and its gloss with
the examples, in lower case, cut into runs of letters a-z.

The vectors: co-occurrence counts of the vocabulary's words with the 10,000
commonest words within 4 words either side in the same document; positive
pointwise mutual information (PPMI) with the context counts raised to the
0.75 (Levy, Goldberg and Dagan 2015, "Improving distributional similarity
with lessons learned from word embeddings"); a truncated SVD to 48
dimensions, U * sqrt(S), each component's sign set so that its largest
entry is positive; every vector scaled to length 1, so that a dot product
of two of them is their cosine similarity. Printed with 4 decimals after a
word2vec header line ("WORDS 48").

The vocabulary: the 300 commonest words of the text, then the words of
EXTRA (the tour's and a few hundred everyday words in all), in order of
frequency. Same input, same bytes: numpy runs on one thread, ties are
broken by the word, and the rounding to 4 decimals hides the last bits of
the SVD (numpy 1.24 on Debian 12 made the committed file). CI does not run
this script; the file it made is committed.
"""
import os
import re
import subprocess
import sys

os.environ["OPENBLAS_NUM_THREADS"] = "1"   # before numpy: one order of every sum
import numpy as np  # noqa: E402

WORDNET = "/usr/share/wordnet"
PARTS = ("noun", "verb", "adj", "adv")
PACKAGE = "wordnet-base"
TOP = 300          # commonest words of the text in the vocabulary
CONTEXTS = 10000   # context words
WINDOW = 4         # words either side
DIM = 48
ALPHA = 0.75       # context distribution smoothing

# The tour's words (samples/real-vectors.attn) and everyday ones to try.
EXTRA = """
cat dog the sat mat chased and ran saw big little
animal bird fish horse cow mouse rat lion tiger wolf fox bear sheep pig
chicken duck rabbit snake insect bee pet puppy kitten
man woman child boy girl baby king queen friend mother father
house home room door window table chair bed car road street city town
tree flower grass garden river sea water fire sun moon star sky rain snow
food bread milk meat egg apple fruit wine tea coffee
red blue green black white yellow dark bright
good bad new old young long short high low hot cold fast slow happy sad
eat drink sleep walk run swim fly sing read write play work love like
see hear speak think know want give take make go come
day night morning year time week hour
book word music song story picture game ball money
""".split()


def wordnet_files():
    paths = [os.path.join(WORDNET, "data." + p) for p in PARTS]
    if all(os.path.exists(p) for p in paths):
        return paths
    if os.geteuid() == 0:
        subprocess.check_call(["apt-get", "install", "-y", PACKAGE])
        return paths
    sys.exit("make-vectors.py: %s is missing: sudo apt-get install %s" % (WORDNET, PACKAGE))


def documents(paths):
    """Each synset's words and gloss as a list of words."""
    docs = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("  "):      # the license at the top
                    continue
                head, _, gloss = line.partition(" | ")
                fields = head.split()
                count = int(fields[3], 16)
                words = " ".join(fields[4 + 2 * i].replace("_", " ") for i in range(count))
                docs.append([w for w in re.findall(r"[a-z]+", (words + " " + gloss).lower())
                             if len(w) > 1 or w == "a"])
    return docs


def commonest(freq, n):
    return [w for w, _ in sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def vectors(docs):
    freq = {}
    for d in docs:
        for w in d:
            freq[w] = freq.get(w, 0) + 1
    missing = [w for w in EXTRA if w not in freq]
    if missing:
        sys.exit("make-vectors.py: not in the text: %s" % " ".join(missing))
    vocab = commonest(freq, TOP)
    seen = set(vocab)
    vocab += sorted((w for w in set(EXTRA) if w not in seen), key=lambda w: (-freq[w], w))
    contexts = commonest(freq, CONTEXTS)
    row = {w: i for i, w in enumerate(vocab)}
    col = {w: i for i, w in enumerate(contexts)}
    counts = np.zeros((len(vocab), len(contexts)))
    for d in docs:
        for i, w in enumerate(d):
            r = row.get(w)
            if r is None:
                continue
            for j in range(max(0, i - WINDOW), min(len(d), i + WINDOW + 1)):
                c = col.get(d[j])
                if j != i and c is not None:
                    counts[r, c] += 1
    total = counts.sum()
    p_word = counts.sum(axis=1, keepdims=True) / total
    p_ctx = counts.sum(axis=0, keepdims=True) ** ALPHA
    p_ctx /= p_ctx.sum()
    with np.errstate(divide="ignore"):
        pmi = np.log(counts / total / (p_word * p_ctx))
    ppmi = np.where(counts > 0, np.maximum(pmi, 0), 0)
    u, s, _ = np.linalg.svd(ppmi, full_matrices=False)
    e = u[:, :DIM] * np.sqrt(s[:DIM])
    signs = np.sign(e[np.abs(e).argmax(axis=0), np.arange(DIM)])
    e *= signs
    e /= np.linalg.norm(e, axis=1, keepdims=True)
    return vocab, e


def main(argv):
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = argv[0] if argv else os.path.join(here, "samples", "vectors", "common-%d.txt" % DIM)
    vocab, e = vectors(documents(wordnet_files()))
    # + 0.0 turns a rounded -0.0 into 0.0
    e = np.round(e, 4) + 0.0
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("%d %d\n" % (len(vocab), DIM))
        for w, v in zip(vocab, e):
            f.write(w + " " + " ".join("%.4f" % x for x in v) + "\n")
    idx = {w: i for i, w in enumerate(vocab)}
    print("wrote %s: %d words, %d dimensions" % (out, len(vocab), DIM))
    for a, b in (("cat", "dog"), ("cat", "the")):
        print("  cos(%s, %s) = %.4f" % (a, b, float(e[idx[a]] @ e[idx[b]])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
