/* core/text/utf8.h: decoding, stepping through and checking UTF-8. */
#ifndef CT_UTF8_H
#define CT_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Every module of the library reads UTF-8 through these functions, so that
 * "a character", "an invalid byte" and "white space" mean one thing
 * everywhere. UTF-8 is as RFC 3629 defines it (utf8proc checks it): no
 * overlong forms, no surrogates (U+D800..U+DFFF), no code point above
 * U+10FFFF, no stray continuation byte, no sequence cut short.
 *
 * Texts need not be NUL-terminated; offsets are byte offsets from 0.
 */

/* What an invalid byte decodes as: U+FFFD REPLACEMENT CHARACTER. */
#define CT_UTF8_INVALID 0xFFFD

/* ct_utf8_decode() of a character that is not ASCII (s[0] >= 0x80). */
size_t ct_utf8_decode_multi(int32_t *cp, const char *s, size_t len);

/*
 * Decode the character at `s` (len > 0 bytes may be read) into *cp and
 * return its length in bytes. A byte that does not start a valid sequence
 * (or starts one cut short by len) is a character of its own: *cp is
 * CT_UTF8_INVALID and the length 1. A U+FFFD written in the text is 3 bytes
 * long, so the two can be told apart. ASCII, most of any text, is decoded
 * in line, without a call.
 */
static inline size_t ct_utf8_decode(int32_t *cp, const char *s, size_t len)
{
	if ((unsigned char)*s < 0x80) {
		*cp = (unsigned char)*s;
		return 1;
	}
	return ct_utf8_decode_multi(cp, s, len);
}

/*
 * The offset of the first byte of the character that ends just before `i`
 * in `s`, not before `lo` (lo < i): back over at most three continuation
 * bytes. In valid UTF-8 that is the start of the previous character; in
 * other bytes it never moves back more than four bytes.
 */
size_t ct_utf8_prev(const char *s, size_t lo, size_t i);

/* Whether byte `c` is a continuation byte (10xxxxxx) of a sequence. */
static inline int ct_utf8_is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/*
 * Bit 7 of each byte of w set exactly when that byte is 0, and no other bit:
 * with w ^ (0x0101010101010101 * c), the bytes of eight that are c. Scans of
 * ASCII (prose, mostly) go eight bytes at a time with it.
 */
static inline uint64_t ct_utf8_zero_bytes(uint64_t w)
{
	const uint64_t low7 = 0x7F7F7F7F7F7F7F7Fu;

	return ~(((w & low7) + low7) | w | low7);
}

/*
 * The length of the longest prefix of `s` (len bytes) that is valid UTF-8:
 * len when all of it is; otherwise the offset of the first byte of the first
 * invalid sequence. NUL bytes are valid here.
 */
size_t ct_utf8_valid_len(const char *s, size_t len);

/*
 * Check that `text` (len bytes) is valid UTF-8 and holds no NUL byte;
 * `name` labels the text in the message.
 *
 * Returns 0, or CT_EINVALID with the message
 *	'<name>' is not valid UTF-8 (byte N)
 *	'<name>' contains a NUL byte (byte N)
 * where N is the offset of the first byte of the offending sequence.
 */
int ct_utf8_validate(const char *text, size_t len, const char *name);

/*
 * Whether `cp` is white space as the library folds it: TAB, LF, VT, FF, CR,
 * NEL (U+0085) and the Unicode separators (categories Zs, Zl, Zp).
 */
int ct_utf8_is_space(int32_t cp);

/* Whether `cp` is a combining mark (categories Mn, Mc, Me). */
int ct_utf8_is_mark(int32_t cp);

/* Whether `cp` is default-ignorable (soft hyphen, zero-width space, BOM...). */
int ct_utf8_is_ignorable(int32_t cp);

#endif
