/* terminal.h - the terminal's life: starting the curses screen and restoring
 * the terminal on every way out.
 *
 * terminal_open picks the terminfo entry (a direct-color one when COLORTERM asks
 * for truecolor and one exists), sets the modes (cbreak, noecho, nonl,
 * keypad, a 25 ms ESCDELAY so Esc is instant, mouse clicks and wheel),
 * decides the color level (colorlevel.h) and sets up the palette. SIGINT,
 * SIGTERM, SIGHUP and SIGQUIT only set a flag the main loop reads, SIGWINCH
 * too (ncurses' own handler still runs, chained, and ncurses keeps SIGTSTP);
 * nothing is drawn in a handler. The terminal is restored by
 * terminal_close, by exit() through an atexit hook, and by av_fatal. */
#ifndef ATTNVIZ_TERMINAL_H
#define ATTNVIZ_TERMINAL_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "attnviz/colorlevel.h"
#include "attnviz/tui.h"

/* The keys a bracketed paste begins and ends with (the terminal is asked to
 * bracket pastes; these are past every curses key code). */
enum { TERMINAL_KEY_PASTE_BEGIN = KEY_MAX + 1, TERMINAL_KEY_PASTE_END = KEY_MAX + 2 };

/* 0, or -1 with a message (not a terminal, unknown TERM). */
int terminal_open(enum tui_color_mode mode, char *err, size_t errlen);
/* endwin and free the screen; safe to call twice. */
void terminal_close(void);

/* The next key for window w (keypad on), or ERR when a signal or a resize
 * came first (see the two functions below) or timeout_ms passed (-1: no
 * timeout; a replay's play mode waits this way between steps). It never
 * sleeps through a signal that arrived while the program was busy drawing:
 * the handlers also write to a pipe it polls along with the terminal (the
 * self-pipe trick). */
int terminal_getch(WINDOW *w, int timeout_ms);

/* The clock terminal_getch's timeouts run on: monotonic milliseconds. */
long long terminal_now_ms(void);

/* Whether another key is already there to read (typed ahead or pasted):
 * keys that arrive faster than a person types. */
bool terminal_pending(WINDOW *w);

/* After an Esc was read: whether it began a control sequence the terminal
 * sent or a paste carried, which is then read whole and dropped: a CSI
 * (ESC [ … final byte), an SS3 (ESC O x), or a string (OSC ESC ], DCS ESC P,
 * APC, PM, SOS) up to BEL or ST (ESC \); once its second byte is read,
 * the rest is waited for (50 ms) when it comes in a later read, so Alt+[
 * or Alt+O takes a key typed within that time as its end. An Esc whose
 * second byte comes after curses' ESCDELAY is a lone Esc. Its bytes must
 * never arrive as keys ('[' changes the head, "0;title" would be typed).
 * The CSI forms of
 * Home, End and Delete that curses did not decode (ESC [ 1 ~ under tmux)
 * come back as KEY_HOME, KEY_END and KEY_DC. False, reading nothing, when
 * another key (or none) follows the Esc. */
bool terminal_after_escape(WINDOW *w);

/* The signal caught since the last call (SIGINT, SIGTERM, ...), or 0. */
int terminal_take_signal(void);

/* Whether the terminal was resized since the last call; when so, ncurses has
 * been told the new size (resizeterm) and the caller lays out again. */
bool terminal_take_resize(void);

#endif
