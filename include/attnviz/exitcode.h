/* exitcode.h - every exit status attnviz uses (sysexits.h numbers), in one
 * table: main, batch mode and the fatal path return these and nothing else,
 * and README.md and the man page list them. */
#ifndef ATTNVIZ_EXITCODE_H
#define ATTNVIZ_EXITCODE_H

enum av_exit {
    AV_EXIT_OK = 0,
    AV_EXIT_USAGE = 64,      /* a bad option or argument */
    AV_EXIT_DATA = 65,       /* bad lines in the input (each one was reported) */
    AV_EXIT_NOINPUT = 66,    /* a file to read cannot be opened or is not a script */
    AV_EXIT_NOTTY = 69,      /* the terminal UI with no usable terminal */
    AV_EXIT_FATAL = 70,      /* out of memory, or an internal error */
    AV_EXIT_IO = 74,         /* output (stdout, an export) could not be written */
    AV_EXIT_SIGNAL = 128,    /* plus the number of the signal that ended the TUI */
};

#endif
