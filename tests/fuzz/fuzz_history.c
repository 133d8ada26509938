/* fuzz_history.c - libFuzzer: any bytes as the prompt's history file.
 *
 * history.c has no parsing of its own to take apart: history_open splits
 * the file into lines straight into readline's history list (no terminal
 * is involved: that is GNU history, part of libreadline). So this drives
 * the module whole, in the private folder's $XDG_STATE_HOME: write the
 * file, history_open, add a line, history_close (which writes it back), and
 * checks against the rules of history.h:
 *   - the entries read are the file's non-empty lines up to its first NUL
 *     byte, the last HISTORY_MAX (1000) of them;
 *   - history_add keeps out an empty line and a repeat of the last entry;
 *   - the file written back is those entries, one a line, and reading it
 *     again gives the same list. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>

#include "attnviz/fsfile.h"
#include "attnviz/history.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { KEPT = 1000 };

/* The expected list: malloc'd copies, *n of them. */
static char **expected(const uint8_t *data, size_t size, size_t *n)
{
    size_t end = size;
    const uint8_t *nul = memchr(data, '\0', size);
    if (nul)
        end = (size_t)(nul - data);
    char **list = calloc(end + 2, sizeof *list);
    size_t k = 0;
    for (size_t i = 0; i < end;) {
        const uint8_t *nl = memchr(data + i, '\n', end - i);
        size_t len = nl ? (size_t)(nl - (data + i)) : end - i;
        if (len) {
            list[k] = malloc(len + 1);
            memcpy(list[k], data + i, len);
            list[k++][len] = '\0';
        }
        i += len + 1;
    }
    if (k > KEPT) {
        for (size_t i = 0; i < k - KEPT; i++)
            free(list[i]);
        memmove(list, list + (k - KEPT), KEPT * sizeof *list);
        k = KEPT;
    }
    *n = k;
    return list;
}

static void check_list(char **want, size_t n, const char *when)
{
    HIST_ENTRY **got = history_list();
    size_t k = 0;
    for (; got && got[k]; k++)
        if (k >= n || strcmp(got[k]->line, want[k]) != 0)
            fuzz_fail("%s: entry %zu is \"%s\", want \"%s\"", when, k, got[k]->line,
                      k < n ? want[k] : "(none)");
    if (k != n)
        fuzz_fail("%s: %zu entries, want %zu", when, k, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[1024];
    if (!fsfile_make_parents(fuzz_path("state/attnviz/history")))
        fuzz_fail("cannot make the state folder");
    const char *path = fuzz_write("state/attnviz/history", data, size);
    size_t n;
    char **want = expected(data, size, &n);
    if (!history_open(err, sizeof err))
        fuzz_fail("history_open refused a small regular file: %s", err);
    check_list(want, n, "read");

    /* the line to add: the first line of the input, which may repeat the
     * last entry, or be empty */
    const uint8_t *nl = memchr(data, '\n', size);
    size_t al = nl ? (size_t)(nl - data) : size;
    char *add = malloc(al + 1);
    memcpy(add, data, al);
    add[al] = '\0';
    history_add(add);
    if (*add && (n == 0 || strcmp(want[n - 1], add) != 0)) {
        if (n == KEPT) {
            free(want[0]);
            memmove(want, want + 1, --n * sizeof *want);
        }
        want[n++] = add;
    } else
        free(add);
    check_list(want, n, "added");

    if (!history_close(err, sizeof err))
        fuzz_fail("history_close: %s", err);
    size_t len;
    char *back = fuzz_read(path, &len);
    if (!back)
        fuzz_fail("no history file written");
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(want[i]);
        if (o + l + 1 > len || memcmp(back + o, want[i], l) != 0 || back[o + l] != '\n')
            fuzz_fail("the file written back differs at entry %zu", i);
        o += l + 1;
    }
    if (o != len)
        fuzz_fail("the file written back has %zu bytes more", len - o);
    free(back);
    if (!history_open(err, sizeof err))
        fuzz_fail("history_open of what history_close wrote: %s", err);
    check_list(want, n, "read again");
    history_close(err, sizeof err);
    for (size_t i = 0; i < n; i++)
        free(want[i]);
    free(want);
    return 0;
}
