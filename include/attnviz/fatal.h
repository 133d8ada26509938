/* fatal.h - the way out for errors the program cannot go on from.
 *
 * av_fatal first runs the restore hook (the terminal module registers one
 * while the screen is up: endwin), then prints "attnviz: MESSAGE" to stderr
 * and exits with AV_EXIT_FATAL - so the message lands on a usable
 * terminal instead of vanishing with the alternate screen. libc only. */
#ifndef ATTNVIZ_FATAL_H
#define ATTNVIZ_FATAL_H

_Noreturn void av_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Sets (or with NULL clears) what av_fatal runs before printing. */
void av_fatal_on_exit(void (*restore)(void));

#endif
