/*
 * The command line: the input cut at each NUL is the arguments after
 * the program name.  As main() does, options are parsed up to the
 * command word, then again after it.
 */
#include "config.h"

#include <getopt.h>

#include "fuzz.h"
#include "options.h"

#define MAX_ARGS 64

/*
 * getopt keeps a pointer into the last argument it read; the arguments
 * of the last run are freed, so make glibc start afresh (optind 0).
 */
static void
getopt_reset(void)
{
    char prog[] = "ipa-acme-dns";
    char *argv[] = { prog, NULL };

    optind = 0;
    opterr = 0;
    (void)getopt(1, argv, "+");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct iad_settings s;
    char **words = NULL, **argv = NULL;
    int n, i, index = 1;

    iad_settings_init(&s);
    n = fuzz_words(data, size, MAX_ARGS, &words);
    if (n < 0)
        goto cleanup;
    argv = calloc((size_t)n + 2, sizeof(*argv));
    if (argv == NULL)
        goto cleanup;
    argv[0] = (char *)"ipa-acme-dns";
    for (i = 0; i < n; i++)
        argv[i + 1] = words[i];
    getopt_reset();
    if (fuzz_ret(iad_options_parse(n + 1, argv, &index, &s)) != IAD_OK)
        goto cleanup;
    if (index < n + 1) {
        index++;
        (void)fuzz_ret(iad_options_parse(n + 1, argv, &index, &s));
    }

cleanup:
    iad_settings_release(&s);
    free(argv);
    fuzz_words_free(words);
    return 0;
}
