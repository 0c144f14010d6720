/*
 * Helpers shared by the libFuzzer targets: each target is one file
 * fuzz_WHAT.c with LLVMFuzzerTestOneInput, built by fuzz/fuzz.mk.
 */
#ifndef IAD_FUZZ_H
#define IAD_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * ERR, after checking that it is not IAD_ERR_NOMEM: the fuzzer never
 * runs out of memory, so "out of memory" means a failure told wrong.
 */
static inline enum iad_error
fuzz_ret(enum iad_error err)
{
    if (err == IAD_ERR_NOMEM)
        abort();
    return err;
}

/* The SIZE bytes at DATA as a C string (up to a NUL), or NULL. */
static inline char *
fuzz_string(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);

    if (s != NULL) {
        memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

/*
 * The SIZE bytes at DATA cut at each NUL into at most MAX strings, in
 * *WORDS_OUT (NULL-terminated; free each and the array with
 * fuzz_words_free).  Returns how many, or -1 when out of memory.
 */
static inline int
fuzz_words(const uint8_t *data, size_t size, int max, char ***words_out)
{
    char **words = calloc((size_t)max + 1, sizeof(*words));
    size_t start = 0, i;
    int n = 0;

    if (words == NULL)
        return -1;
    for (i = 0; i <= size && n < max; i++) {
        if (i < size && data[i] != '\0')
            continue;
        if (i == size && start == size && n > 0)
            break;
        words[n] = fuzz_string(data + start, i - start);
        if (words[n] == NULL)
            break;
        n++;
        start = i + 1;
    }
    *words_out = words;
    return n;
}

static inline void
fuzz_words_free(char **words)
{
    size_t i;

    for (i = 0; words != NULL && words[i] != NULL; i++)
        free(words[i]);
    free(words);
}

#endif
