// Non-variadic wrappers around libedit's variadic el_set/el_get/history calls,
// which Swift cannot call, plus the SIGINT self-pipe handler (a signal handler
// must be async-signal-safe, which C guarantees and Swift does not).
// The editing logic itself lives in Swift (DisqueCLI/Shell/LineEditor*.swift).
#pragma once
#include <stdio.h>
#include <histedit.h>

/// A prompt callback: returns the text libedit draws; valid until the next call.
typedef char *_Nullable (*cle_prompt_fn)(EditLine *_Nonnull);
/// A key-bound editor function: returns one of libedit's CC_* codes.
typedef unsigned char (*cle_key_fn)(EditLine *_Nonnull, int);

/// el_init on the process's stdin, stdout and stderr.
EditLine *_Nullable cle_init(const char *_Nonnull program);
/// Columns a character takes on the terminal (wcwidth), -1 when not printable.
int cle_character_width(unsigned int scalar);

int cle_set_prompt(EditLine *_Nonnull el, cle_prompt_fn _Nonnull fn);
int cle_set_editor(EditLine *_Nonnull el, const char *_Nonnull mode);
int cle_set_signal(EditLine *_Nonnull el, int enabled);
int cle_set_client_data(EditLine *_Nonnull el, void *_Nullable data);
void *_Nullable cle_get_client_data(EditLine *_Nonnull el);
int cle_set_history(EditLine *_Nonnull el, History *_Nonnull hist);
/// Registers `fn` under `name` so keys can be bound to it.
int cle_add_function(EditLine *_Nonnull el, const char *_Nonnull name,
                     const char *_Nonnull help, cle_key_fn _Nonnull fn);
/// `bind key function`, e.g. ("^I", "disque-complete").
int cle_bind(EditLine *_Nonnull el, const char *_Nonnull key, const char *_Nonnull function);
/// Keeps ISIG off while editing, so Ctrl-C reaches the editor as a key.
int cle_disable_isig_while_editing(EditLine *_Nonnull el);
/// The terminal width libedit uses (termcap "co"), or 0 when unknown.
int cle_terminal_columns(EditLine *_Nonnull el);

int cle_history_set_size(History *_Nonnull hist, int size);
int cle_history_set_unique(History *_Nonnull hist, int unique);
int cle_history_enter(History *_Nonnull hist, const char *_Nonnull line);

/// Called before libedit waits for a key (`character` -1, the line is drawn)
/// and after each key arrives (`character` is the key, before libedit acts on it).
typedef void (*cle_read_hook)(EditLine *_Nonnull, int character);

/// After a resize the shim hands libedit the keys Ctrl-X Ctrl-R, which
/// cle_bind_redraw_key binds to ed-redisplay (a person may press them too).
int cle_bind_redraw_key(EditLine *_Nonnull el);
/// Makes libedit read keys through the shim, which calls `hook` around each
/// read: the hint after the cursor is drawn there. One editor per process.
int cle_set_read_hook(EditLine *_Nonnull el, cle_read_hook _Nonnull hook);

/// Installs a SIGINT handler that writes one byte to `fd` (a pipe's write
/// end, non-blocking) and nothing else. Returns 0 or -1 with errno.
int cle_install_sigint_pipe(int fd);
/// Restores the default SIGINT disposition.
void cle_remove_sigint_pipe(void);
