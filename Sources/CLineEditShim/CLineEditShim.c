#define _XOPEN_SOURCE 700
#include "CLineEditShim.h"
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

EditLine *cle_init(const char *program) { return el_init(program, stdin, stdout, stderr); }

int cle_character_width(unsigned int scalar) { return wcwidth((wchar_t)scalar); }

int cle_set_prompt(EditLine *el, cle_prompt_fn fn) { return el_set(el, EL_PROMPT, fn); }

int cle_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }

int cle_set_signal(EditLine *el, int enabled) { return el_set(el, EL_SIGNAL, enabled); }

int cle_set_client_data(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }

void *cle_get_client_data(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}

int cle_set_history(EditLine *el, History *hist) {
    return el_set(el, EL_HIST, history, hist);
}

int cle_add_function(EditLine *el, const char *name, const char *help, cle_key_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}

int cle_bind(EditLine *el, const char *key, const char *function) {
    return el_set(el, EL_BIND, key, function, (const char *)NULL);
}

int cle_disable_isig_while_editing(EditLine *el) {
    return el_set(el, EL_SETTY, "-d", "-isig", (const char *)NULL);
}

int cle_terminal_columns(EditLine *el) {
    int columns = 0;
    if (el_get(el, EL_GETTC, "co", &columns, (void *)NULL) != 0) return 0;
    return columns;
}

int cle_history_set_size(History *hist, int size) {
    HistEvent event;
    return history(hist, &event, H_SETSIZE, size);
}

int cle_history_set_unique(History *hist, int unique) {
    HistEvent event;
    return history(hist, &event, H_SETUNIQUE, unique);
}

int cle_history_enter(History *hist, const char *line) {
    HistEvent event;
    return history(hist, &event, H_ENTER, line);
}

static cle_read_hook read_hook = NULL;

// The redraw sequence still to hand out: "^X^R", one key per call.
static const char redraw_keys[] = { 0x18, 0x12 };
static int redraw_pending = 0;

// libedit's EL_GETCFN contract: store one character, return 1; 0 at end of
// input; -1 on error. Bytes are decoded with the locale (UTF-8 normally); a
// byte that does not decode is passed on as itself.
static int read_character(EditLine *el, wchar_t *character) {
    FILE *input = NULL;
    int fd = (el_get(el, EL_GETFP, 0, &input) == 0 && input != NULL) ? fileno(input) : 0;
    if (redraw_pending > 0) {
        *character = (wchar_t)redraw_keys[sizeof redraw_keys - (size_t)redraw_pending--];
        return 1;
    }
    if (read_hook) read_hook(el, -1);
    mbstate_t state;
    memset(&state, 0, sizeof state);
    for (;;) {
        char byte;
        ssize_t count = read(fd, &byte, 1);
        if (count == 0) return 0;
        if (count < 0) {
            if (errno == EINTR) {
                // A resize or resume. libedit has cleared its line but draws it
                // again only at the next refresh, and a terminal that narrowed
                // has reflowed what was there: answer with the keys bound to
                // ed-redisplay, so the prompt and line are drawn anew at once.
                redraw_pending = (int)sizeof redraw_keys - 1;
                *character = (wchar_t)redraw_keys[0];
                return 1;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                struct pollfd wait = { .fd = fd, .events = POLLIN, .revents = 0 };
                (void)poll(&wait, 1, -1);
                continue;
            }
            return -1;
        }
        size_t decoded = mbrtowc(character, &byte, 1, &state);
        if (decoded == (size_t)-2) continue;
        if (decoded == (size_t)-1) {
            *character = (wchar_t)(unsigned char)byte;
        }
        if (read_hook) read_hook(el, (int)*character);
        return 1;
    }
}

int cle_bind_redraw_key(EditLine *el) {
    return el_set(el, EL_BIND, "^X^R", "ed-redisplay", (const char *)NULL);
}

int cle_set_read_hook(EditLine *el, cle_read_hook hook) {
    read_hook = hook;
    return el_set(el, EL_GETCFN, read_character);
}

static volatile sig_atomic_t sigint_fd = -1;

static void sigint_to_pipe(int signo) {
    (void)signo;
    int saved = errno;
    int fd = sigint_fd;
    if (fd >= 0) {
        char byte = 'C';
        ssize_t ignored = write(fd, &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

int cle_install_sigint_pipe(int fd) {
    sigint_fd = fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = sigint_to_pipe;
    sigemptyset(&action.sa_mask);
    // No SA_RESTART: a blocking read or poll returns EINTR and sees the pipe.
    action.sa_flags = 0;
    return sigaction(SIGINT, &action, NULL);
}

void cle_remove_sigint_pipe(void) {
    signal(SIGINT, SIG_DFL);
    sigint_fd = -1;
}
