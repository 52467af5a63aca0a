/* core/text/token.h: what a word is, for each reader of words in the library. */
#ifndef CT_TOKEN_H
#define CT_TOKEN_H

#include <stddef.h>
#include <stdint.h>

/*
 * Four readers cut text into words, and each needs a slightly different
 * word. They are named modes of one tokenizer, whose differences are the
 * rows of one table (token.c):
 *
 *	mode		starts a word	continues it	joins two parts of a word
 *	DIFF		L M N		L M N		' ’ between letters; . , between digits
 *	SIMILARITY	L N (not wide)	L N M		' . , - before a word character
 *	CHECK		L M N		L M N		nothing ("4,500" is two words,
 *							as SQLite's unicode61 cuts it)
 *	VALUE		L		L M		nothing (the value parser reads
 *							numbers itself)
 *
 * L, M and N are the Unicode letters (Lu Ll Lt Lm Lo), marks (Mn Mc Me)
 * and numbers (Nd Nl No); ASCII letters and digits are read without
 * utf8proc. In SIMILARITY a wide East Asian letter or number (Hangul
 * aside, which is written with spaces) is a token of its own, since those
 * scripts are written without spaces; it reads folded text
 * (ct_text_normalize()).
 *
 * Offsets are byte offsets; texts need not be NUL-terminated, and an
 * invalid byte is U+FFFD (ct_utf8_decode()), never part of a word.
 */
typedef enum ct_token_mode {
	CT_TOKEN_DIFF,       /* the word diff (wdiff.c) */
	CT_TOKEN_SIMILARITY, /* similarity and the nearest passage (text.c) */
	CT_TOKEN_CHECK,      /* check-worthiness and its full-text terms (check.c) */
	CT_TOKEN_VALUE,      /* the words of values: "at least", "million" (value.c) */
} ct_token_mode;

/* What a character is to a mode's words. */
typedef enum ct_token_class {
	CT_TOKEN_SPACE, /* white space (ct_utf8_is_space) */
	CT_TOKEN_WORD,  /* starts a word (and continues one) */
	CT_TOKEN_MARK,  /* continues a word, or any token, but starts none */
	CT_TOKEN_SOLO,  /* a token of its own (SIMILARITY's wide characters) */
	CT_TOKEN_OTHER, /* anything else: punctuation, symbols, controls */
} ct_token_class;

/* The class of code point `cp` in `mode`. */
ct_token_class ct_token_classify(int32_t cp, ct_token_mode mode);

/*
 * The end of the word that starts at s[pos] (a character of class
 * CT_TOKEN_WORD in `mode`; pos < len): past every character that continues
 * it, and past the joiners of the mode that stand between two parts of it.
 */
size_t ct_token_word_end(const char *s, size_t pos, size_t len, ct_token_mode mode);

/*
 * Find the next word of s[*pos, len) in `mode`: its offsets in *start and
 * *end, and *pos set past it. Returns 1, or 0 (with *pos = len) when there
 * is none.
 */
int ct_token_next_word(size_t *start, size_t *end, const char *s, size_t *pos, size_t len,
                       ct_token_mode mode);

#endif
