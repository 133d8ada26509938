#include "spawn_env.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

int spawn_env_make(struct spawn_env *env, const char *prefix)
{
    if (temp_dir_make(env->dir, prefix) != 0)
        return -1;
    snprintf(env->home, sizeof env->home, "HOME=%s", env->dir);
    snprintf(env->state_home, sizeof env->state_home, "XDG_STATE_HOME=%s/state", env->dir);
    snprintf(env->config_home, sizeof env->config_home, "XDG_CONFIG_HOME=%s/config", env->dir);
    return 0;
}

int spawn_env_remove(const struct spawn_env *env)
{
    return temp_dir_remove(env->dir);
}

const char *attnviz_binary(void)
{
    const char *bin = getenv("ATTNVIZ");
    if (!bin || !*bin)
        fail_msg("ATTNVIZ is not set: run through tests/run-tests.sh or set it to the binary");
    return bin;
}
