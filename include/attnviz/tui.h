/* tui.h - the full-screen terminal program (src/tui/). */
#ifndef ATTNVIZ_TUI_H
#define ATTNVIZ_TUI_H

struct app;

enum tui_color_mode { TUI_COLOR_AUTO = 0, TUI_COLOR_ALWAYS, TUI_COLOR_NEVER };

struct tui_options {
    enum tui_color_mode color;
    const char *replay_path;   /* --replay FILE, or NULL */
    unsigned delay_ms;         /* --delay for replay play mode */
    const char *notice;        /* shown as an error on the first screen (a bad
                                  config line, say), or NULL */
};

/* Runs the interactive screen on a until the user quits. Returns a process
 * exit status; the terminal is restored on every path out. */
int tui_run(struct app *a, const struct tui_options *opt);

#endif
