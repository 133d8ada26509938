/* vt.h - runs a program in a real pseudo-terminal and keeps an emulated
 * screen of what it drew (forkpty + libvterm), for end-to-end tests.
 *
 *   struct vt *vt = vt_spawn(80, 24, argv, env_extra);
 *   assert_true(vt_wait_for(vt, "d_model 8", VT_TIMEOUT_MS));
 *   vt_key(vt, VT_KEY_DOWN);
 *   ...
 *   vt_free(vt);
 *
 * Nothing here sleeps for a fixed time: every wait polls the pty with a
 * deadline and returns as soon as the screen is as expected. Keys go through
 * libvterm's keyboard encoder, so they arrive as a real xterm would send
 * them (e.g. ESC O A for Up once the program enabled application cursor
 * keys, ESC [ A before). */
#ifndef ATTNVIZ_TESTS_VT_H
#define ATTNVIZ_TESTS_VT_H

#include <stdbool.h>
#include <stddef.h>

/* Generous: the suite also runs under ASan+UBSan, where start-up is slow. */
#define VT_TIMEOUT_MS 10000

struct vt;

enum vt_key {
    VT_KEY_ENTER, VT_KEY_TAB, VT_KEY_BACKSPACE, VT_KEY_ESCAPE,
    VT_KEY_UP, VT_KEY_DOWN, VT_KEY_LEFT, VT_KEY_RIGHT,
    VT_KEY_HOME, VT_KEY_END, VT_KEY_PAGEUP, VT_KEY_PAGEDOWN,
};

/* One screen cell as the emulator holds it. */
struct vt_cell {
    char text[32];       /* UTF-8 of the cell's characters; "" if erased */
    int width;           /* 1; 2 for a wide character; 0 for its right half */
    bool bold, underline, reverse;
    bool fg_default, bg_default;   /* false: an explicit color was set */
    unsigned fg_rgb, bg_rgb;       /* the colors as 0xRRGGBB (an indexed color
                                      through the emulator's palette), so two
                                      cells' colors can be compared */
};

/* Starts argv (argv[0] looked up in PATH) on a new cols x rows pty. The
 * child's environment is the caller's with TERM=xterm-256color,
 * LANG=C.UTF-8, LINES, COLUMNS, LC_ALL, COLORTERM and NO_COLOR removed,
 * then each "NAME=VALUE" of env_extra (NULL-terminated; may be NULL) set.
 * Returns NULL (with a message on stderr) when the pty cannot be made. */
struct vt *vt_spawn(int cols, int rows, char *const argv[], char *const env_extra[]);

/* Kills the child (and its process group) if it still runs, reaps it and
 * frees everything. NULL is allowed. */
void vt_free(struct vt *vt);

/* Input. vt_send writes bytes as they are; vt_type types UTF-8 text one
 * character at a time through the keyboard encoder; vt_key presses one
 * key; vt_ctrl presses Ctrl+c (c a letter). Each returns false when the
 * bytes could not be written (the child is gone). */
bool vt_send(struct vt *vt, const char *bytes);
bool vt_type(struct vt *vt, const char *utf8);
bool vt_key(struct vt *vt, enum vt_key key);
bool vt_ctrl(struct vt *vt, char c);

/* Reads what the child wrote until the screen contains text (or, for
 * vt_wait_for_not, no longer contains it), or timeout_ms passed. Returns
 * whether the condition became true; when not, the screen is printed to
 * stderr so the failing test shows what was there instead. */
bool vt_wait_for(struct vt *vt, const char *text, int timeout_ms);
bool vt_wait_for_not(struct vt *vt, const char *text, int timeout_ms);

/* Reads and emulates the output that is already there, without waiting:
 * for a test that waits on something else (a file) while the child may
 * still be drawing, so it never blocks writing to a full pty. */
void vt_drain(struct vt *vt);

/* The general form: waits until pred(vt, ctx) is true. pred is asked once
 * at once and again after every chunk of output. */
typedef bool (*vt_pred)(struct vt *vt, void *ctx);
bool vt_wait_until(struct vt *vt, vt_pred pred, void *ctx, int timeout_ms);

/* Waits until the screens of a and b are the same: every cell's text,
 * width, attributes and colors (both must have the same size). Made for
 * "after a resize the program shows what it shows when started at that
 * size". On timeout prints the first difference and both screens. */
bool vt_wait_same(struct vt *a, struct vt *b, int timeout_ms);

/* The screen as text: rows joined by '\n', UTF-8, trailing blanks of every
 * row trimmed (and no trailing newline). Caller frees. */
char *vt_screen_text(struct vt *vt);
/* One row (0-based), trailing blanks trimmed. Caller frees. */
char *vt_row_text(struct vt *vt, int row);
/* Whether the screen contains text, and where: row and cell column of its
 * first occurrence (either pointer may be NULL). Matches within a row. */
bool vt_find(struct vt *vt, const char *text, int *row, int *col);

/* One cell; row/col 0-based. Returns false when outside the screen. */
bool vt_cell(struct vt *vt, int row, int col, struct vt_cell *out);
/* Whether any cell of the screen has a non-default foreground or
 * background color. */
bool vt_screen_has_color(struct vt *vt);
void vt_size(const struct vt *vt, int *cols, int *rows);

/* Resizes the pty (the kernel sends SIGWINCH to the child's foreground
 * process group) and the emulated screen. */
bool vt_resize(struct vt *vt, int cols, int rows);

/* Sends sig to the child (not its process group). */
bool vt_kill(struct vt *vt, int sig);

/* Reads output until the child exits and returns its exit status (0-255),
 * 128+N when killed by signal N, or -1 on timeout (the child keeps
 * running; vt_free kills it). */
int vt_wait_exit(struct vt *vt, int timeout_ms);

/* The child's process id (the process argv[0] became). */
int vt_pid(const struct vt *vt);

/* Opens the pty's slave side (O_RDWR | O_NOCTTY | O_CLOEXEC) for the
 * caller: to read its termios with tcgetattr, or count the input not yet
 * read with FIONREAD; holding it open also keeps the terminal (and its
 * input queue) alive after the child has ended. Returns the descriptor
 * (the caller closes it), or -1. */
int vt_open_slave(const struct vt *vt);

/* Every byte the child wrote so far, in order. Valid until the next call
 * that reads output. */
const char *vt_raw_output(const struct vt *vt, size_t *len);

#endif
