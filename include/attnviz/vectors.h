/* vectors.h - word-vector files read into a vectable (vectable.h): the
 * reader behind :vectors FILE and --vectors FILE.
 *
 * The format is GloVe's and word2vec's text format: a word and its
 * numbers on each line, separated by blanks,
 *     the 0.418 0.24968 -0.41242 ...
 * and, optionally, a first line of two whole numbers, the word count and
 * the dimension (word2vec's header). Every line has the same count of
 * numbers, the dimension (the header's, else the first line's), from 1 to
 * AV_MAX_DIM; each number is finite and at most AV_MAX_VALUE in magnitude
 * (as for :emb); the word is valid UTF-8. Blank lines are skipped and
 * "\r\n" ends a line too. A word that comes again keeps its first vector
 * (the later ones are counted, not an error: some published files have
 * such repeats).
 *
 * The file is read through fsfile (a regular file, its type checked before
 * it is opened, at most AV_MAX_VECTORS_BYTES) in chunks, never whole, with
 * no allocation per line. Every line is checked: each bad one gives a
 * message "FILE:LINE: what is wrong", and a file with any bad line loads
 * nothing. A NUL byte ends the reading: that is binary data, such as
 * word2vec's .bin format. */
#ifndef ATTNVIZ_VECTORS_H
#define ATTNVIZ_VECTORS_H

#include <stdbool.h>
#include <stddef.h>

struct vectable;

/* What identifies the contents of a file without reading it again. */
struct vectors_file {
    unsigned long long dev, ino, size;
    long long mtime_sec, mtime_nsec;
};

/* Gets each of the first AV_MAX_VECTORS_ERRORS bad lines' messages. */
typedef void (*vectors_report_fn)(void *ctx, const char *msg);

struct vectors_result {
    struct vectable *table;    /* the vectors (the caller frees); NULL on failure */
    size_t bad;                /* bad lines, reported or not */
    size_t repeats;            /* lines whose word came before (first one kept) */
    struct vectors_file file;  /* the file that was read */
};

/* Reads the vectors file at path into r (r->table on success). -1 when
 * it cannot be read (err says why, r->bad is 0) or has bad lines (r->bad
 * of them; report, which may be NULL, got the first ones; err holds the
 * first message). Out of memory is an error too, not the end. */
int vectors_load(const char *path, vectors_report_fn report, void *ctx,
                 struct vectors_result *r, char *err, size_t errlen);

/* The identity of the file at path now; false when it cannot be stat'ed. */
bool vectors_file_of(const char *path, struct vectors_file *f);
/* Whether two identities are of the same file with the same contents
 * (device, inode, size and modification time). */
bool vectors_file_same(const struct vectors_file *a, const struct vectors_file *b);

#endif
