/* datadir.h - the folders of shipped data (the tours, the theme files),
 * best first.
 *
 * An installed attnviz lives in PREFIX/bin and its data in
 * PREFIX/share/attnviz; a copy installed with DESTDIR, or moved whole,
 * keeps that layout. So the folders come from where the running binary is
 * before the folder compiled in:
 *
 *   1. EXE_DIR/../share/attnviz/KIND   the installation the binary is in
 *   2. EXE_DIR/KIND                    a binary in the source tree (samples
 *                                      only: the source tree's themes are
 *                                      built in)
 *   3. ATTNVIZ_DATADIR/KIND            where `make install` put them
 *
 * EXE_DIR is the folder of /proc/self/exe. Only folders that exist are
 * listed, each once, with their real paths (an installation at the
 * compiled-in place is one folder, not two). */
#ifndef ATTNVIZ_DATADIR_H
#define ATTNVIZ_DATADIR_H

#include <stddef.h>

enum datadir_kind { DATADIR_SAMPLES, DATADIR_THEMES, DATADIR_KIND_COUNT };

enum { DATADIR_MAX = 3, DATADIR_PATH_MAX = 4096 };

struct datadir_list {
    size_t n;
    char path[DATADIR_MAX][DATADIR_PATH_MAX];
};

/* ATTNVIZ_DATADIR: the folder `make install` puts the data in. */
const char *datadir_installed(void);

/* The folders of kind for the running binary, best first. */
void datadir_folders(enum datadir_kind kind, struct datadir_list *out);

/* The folders of kind for a binary at exe (NULL: unknown) and the
 * compiled-in folder datadir: what datadir_folders lists. */
void datadir_folders_for(enum datadir_kind kind, const char *exe, const char *datadir,
                         struct datadir_list *out);

#endif
