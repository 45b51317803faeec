/* libedit's readline-compatible API, as seen from Swift.
 *
 * Always include <editline/readline.h>: <readline/readline.h> is GNU readline's header, which may
 * also be installed and is not what we link against.
 *
 * Swift 6 rejects direct use of libedit's mutable C globals ("not concurrency-safe"), so the few
 * we need are reached through these accessors; the LineEditor type is their only caller.
 */
#ifndef FTI_CEDITLINE_SHIM_H
#define FTI_CEDITLINE_SHIM_H

#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>

/* The name libedit uses to pick the matching section of ~/.editrc. Must outlive the editor. */
static inline void shim_rl_set_readline_name(const char *name) { rl_readline_name = name; }

/* The application's completion hook (readline's rl_attempted_completion_function). */
static inline void shim_rl_set_attempted_completion_function(rl_completion_func_t *function) {
    rl_attempted_completion_function = function;
}

/* libedit resets this to 0 after every completion, so the hook sets it each time it runs:
 * 1 means "no filename completion fallback when the hook found nothing". */
static inline void shim_rl_set_attempted_completion_over(int over) { rl_attempted_completion_over = over; }

/* What libedit appends after a unique completion (' ' by default, 0 for nothing). */
static inline void shim_rl_set_completion_append_character(int character) {
    rl_completion_append_character = character;
}

/* Characters that end the word being completed. Must outlive the editor. */
static inline void shim_rl_set_basic_word_break_characters(const char *characters) {
    rl_basic_word_break_characters = characters;
}

/* The full line being edited (multibyte), valid inside the completion hook. */
static inline const char *shim_rl_line_buffer(void) { return rl_line_buffer; }

#endif
