/*
 * The one formatter of every message: printf formats in which each string
 * argument is escaped and, when long, shortened, so that no input can put
 * a control sequence on the terminal, break the line or push the reason
 * out of the message.
 */
#ifndef IAD_FMT_H
#define IAD_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* The longest a %s argument is shown, escaped, before it is shortened. */
#define IAD_FMT_ARG_MAX 200

/*
 * Room for any message: the format text and a few shortened arguments
 * (each at most IAD_FMT_ARG_MAX bytes), with room for one message
 * already formatted (a "%-s" argument) inside another.
 */
#define IAD_FMT_MESSAGE_MAX 8192

/*
 * Format FMT and AP into OUT (SIZE bytes, always NUL-terminated when SIZE
 * is not 0) as vsnprintf() does, except for the text arguments:
 *
 * - %s, %.Ns and %.*s arguments are escaped: bytes 0x00-0x1f and 0x7f,
 *   the C1 controls U+0080-U+009F, the bidirectional controls (U+200E,
 *   U+200F, U+202A-U+202E, U+2066-U+2069), the line and paragraph
 *   separators U+2028 and U+2029, and every byte that is not part of
 *   valid, shortest-form UTF-8 become "\xHH" (one escape a byte), and
 *   the backslash becomes "\\": so every backslash in the output starts
 *   an escape and the bytes of the input can be told exactly.  Other
 *   valid UTF-8 (a name in another script) is kept.  The single quote,
 *   with which messages quote their subject, is kept too: subjects are
 *   often built in two steps (a fragment such as "keytab 'PATH'" made
 *   first, then given to %s), whose own quotes must survive; a quote in
 *   the input can make it unclear where a subject ends, never which
 *   bytes it holds, and never breaks the line.
 *   An argument whose escaped form is longer than IAD_FMT_ARG_MAX keeps
 *   its head and tail around "...[N bytes]..." (N the length of the
 *   argument), so the text after it, the reason, is never lost.
 * - %c is escaped as a one-byte %s.
 * - "%-s" is for text this formatter already produced (a recorded error
 *   message inside another, or text that escapes itself as DNS master
 *   files do): it is neither shortened nor has its backslashes escaped
 *   again, but control bytes are still escaped, so raw input given to
 *   it by mistake stays harmless.
 * - Every other conversion (integers with any length modifier, flags,
 *   width and precision including '*', %p, floating point, %%) is
 *   formatted by vsnprintf() itself.
 *
 * Returns the length the whole message has (as vsnprintf() does), so a
 * result >= SIZE means OUT was cut.
 */
size_t iad_vformat(char *out, size_t size, const char *fmt, va_list ap);

/*
 * What %s shows for the LEN bytes at S, NUL bytes included, into OUT of
 * SIZE bytes (NUL-terminated); for text that may hold a NUL, given to
 * a message with "%-s".  Returns the length as iad_vformat() does.
 */
size_t iad_fmt_escape(char *out, size_t size, const char *s, size_t len);

/* iad_vformat() with its arguments given directly. */
size_t iad_format(char *out, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
