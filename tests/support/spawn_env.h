/* spawn_env.h - for tests that start the real attnviz binary: where it is
 * ($ATTNVIZ, set by tests/run-tests.sh) and a private home for it, so that
 * the user's config, themes and history are neither read nor written.
 *
 *   struct spawn_env env;
 *   spawn_env_make(&env, "attnviz-e2e");                 (in the setup)
 *   char *const extra[] = { env.home, env.state_home, env.config_home, NULL };
 *   char *const argv[] = { (char *)attnviz_binary(), NULL };
 *   struct vt *vt = vt_spawn(80, 24, argv, extra);
 *   spawn_env_remove(&env);                              (in the teardown)
 */
#ifndef ATTNVIZ_TESTS_SPAWN_ENV_H
#define ATTNVIZ_TESTS_SPAWN_ENV_H

#include "fixture.h"

struct spawn_env {
    char dir[TEMP_DIR_MAX];    /* a fresh temporary folder: the HOME */
    char home[128];            /* "HOME=DIR" */
    char state_home[128];      /* "XDG_STATE_HOME=DIR/state" */
    char config_home[128];     /* "XDG_CONFIG_HOME=DIR/config" */
};

/* Makes the folder (/tmp/PREFIX-XXXXXX) and the "NAME=VALUE" strings, for
 * vt_spawn's env_extra or putenv. The state and config folders are not
 * made: attnviz makes what it writes to. Returns 0, or -1. */
int spawn_env_make(struct spawn_env *env, const char *prefix);

/* Removes the folder with everything in it. Returns 0, or -1. */
int spawn_env_remove(const struct spawn_env *env);

/* The attnviz binary under test, $ATTNVIZ; the test fails when it is not
 * set. */
const char *attnviz_binary(void);

#endif
