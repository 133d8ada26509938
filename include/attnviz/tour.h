/* tour.h - the tours: the session files in the samples folders
 * (datadir.h), named by their file name without ".attn".
 *
 * `:replay scaling`, `:load scaling` and `--replay scaling` name a tour;
 * anything with a '/' or the ".attn" ending names a file. A tour found in
 * an earlier (better) folder hides one of the same name in a later one. */
#ifndef ATTNVIZ_TOUR_H
#define ATTNVIZ_TOUR_H

#include <stdbool.h>
#include <stddef.h>

#include "attnviz/datadir.h"

#define TOUR_SUFFIX ".attn"

/* Bytes of a tour's description kept (longer ones are cut, with "…"). */
enum { TOUR_ABOUT_MAX = 160 };

/* Whether arg is a tour's name rather than a file's path: it has no '/'
 * and does not end in ".attn". */
bool tour_is_name(const char *arg);

/* The file of the tour name: NAME.attn in the first of dirs that has one,
 * or NULL. The caller frees. */
char *tour_find(const struct datadir_list *dirs, const char *name);

struct tour {
    char *name;        /* "scaling" */
    char *path;        /* its file */
    /* One line about it: the first comment before its first command that
     * is not part of a session header ("# attnviz session v1", "# attnviz
     * VERSION", "# saved TIME"), else its first :note line; "" when it has
     * neither. Control bytes show as '?'. */
    char *about;
};

/* Every tour in dirs, sorted by name; *count of them. Free with
 * tour_list_free. */
struct tour *tour_list(const struct datadir_list *dirs, size_t *count);
void tour_list_free(struct tour *tours, size_t count);

#endif
