/*
 * The hook modes: the first byte picks the mode (certbot, lego,
 * dehydrated, uacme: its value modulo 4), the second how many arguments
 * (modulo 8); the rest, cut at each NUL, is those arguments and then
 * NAME=VALUE words, the environment the hook sees.
 */
#include "config.h"

#include "fuzz.h"
#include "hooks.h"

#define MAX_WORDS 32

static const char *const modes[] = { "certbot", "lego", "dehydrated",
                                     "uacme" };

/* The environment of the current input: words after the arguments. */
static char *const *env_words;

static const char *
fake_getenv(const char *name)
{
    size_t len = strlen(name);
    char *const *w;

    for (w = env_words; w != NULL && *w != NULL; w++) {
        if (strncmp(*w, name, len) == 0 && (*w)[len] == '=')
            return *w + len + 1;
    }
    return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct iad_hook_plan plan;
    char **words = NULL;
    const char *mode;
    int n, n_args;

    if (size < 2)
        return 0;
    mode = modes[data[0] % 4];
    n = fuzz_words(data + 2, size - 2, MAX_WORDS, &words);
    if (n < 0)
        return 0;
    n_args = data[1] % 8;
    if (n_args > n)
        n_args = n;
    env_words = words + n_args;
    if (fuzz_ret(iad_hook_parse(mode, n_args, words, fake_getenv, &plan)) ==
        IAD_OK)
        iad_hook_plan_release(&plan);
    env_words = NULL;
    fuzz_words_free(words);
    return 0;
}
