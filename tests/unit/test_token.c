/* tests/unit/test_token.c: the words of each tokenizer mode. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "token.h"

/* The words of `text` in `mode`, each followed by '|'. */
static void assert_words(ct_token_mode mode, const char *text, const char *want, const char *id)
{
	ct_buf b = CT_BUF_INIT;
	size_t pos = 0, start, end, len = strlen(text);

	while (ct_token_next_word(&start, &end, text, &pos, len, mode)) {
		assert_int_equal(ct_buf_put(&b, text + start, end - start), 0);
		assert_int_equal(ct_buf_putc(&b, '|'), 0);
		assert_int_equal(pos, end);
	}
	assert_int_equal(pos, len);
	if (strcmp(b.ptr, want) != 0)
		fail_msg("%s: got '%s', want '%s'", id, b.ptr, want);
	ct_buf_release(&b);
}

/* token-1: the same text, read by each mode. */
static void test_modes(void **state)
{
	const char *text = "Don't pay 4,500.50 first-ever caf\xc3\xa9s' 3rd-place";

	(void)state;
	assert_words(CT_TOKEN_DIFF, text, "Don't|pay|4,500.50|first|ever|caf\xc3\xa9s|3rd|place|",
	             "token-1.1");
	assert_words(CT_TOKEN_SIMILARITY, text,
	             "Don't|pay|4,500.50|first-ever|caf\xc3\xa9s|3rd-place|", "token-1.2");
	assert_words(CT_TOKEN_CHECK, text, "Don|t|pay|4|500|50|first|ever|caf\xc3\xa9s|3rd|place|",
	             "token-1.3");
	assert_words(CT_TOKEN_VALUE, text, "Don|t|pay|first|ever|caf\xc3\xa9s|rd|place|", "token-1.4");
}

/* token-2: joiners only between the parts they join. */
static void test_joiners(void **state)
{
	(void)state;
	/* DIFF: an apostrophe between letters, a point between digits. */
	assert_words(CT_TOKEN_DIFF, "rock'n'roll 2.5 a.b 2'5 x' 'y 1. .5",
	             "rock'n'roll|2.5|a|b|2|5|x|y|1|5|", "token-2.1");
	assert_words(CT_TOKEN_DIFF, "it\xe2\x80\x99s", "it\xe2\x80\x99s|", "token-2.2");
	/* SIMILARITY: ' . , - before any word character. */
	assert_words(CT_TOKEN_SIMILARITY, "a.b 2'5 x- -y x--y", "a.b|2'5|x|y|x|y|", "token-2.3");
	assert_words(CT_TOKEN_SIMILARITY, "it\xe2\x80\x99s", "it|s|", "token-2.4");
}

/* token-3: marks, wide characters and invalid bytes. */
static void test_classes(void **state)
{
	(void)state;
	/* A mark continues a word in every mode; it starts one in DIFF and CHECK only. */
	assert_words(CT_TOKEN_VALUE, "e\xcc\x81t\xcc\x81 \xcc\x81x", "e\xcc\x81t\xcc\x81|x|",
	             "token-3.1");
	assert_words(CT_TOKEN_DIFF, "\xcc\x81x", "\xcc\x81x|", "token-3.2");
	assert_int_equal(ct_token_classify(0x301, CT_TOKEN_SIMILARITY), CT_TOKEN_MARK);
	assert_int_equal(ct_token_classify(0x301, CT_TOKEN_CHECK), CT_TOKEN_WORD);
	/* Wide letters are tokens of their own for similarity (Hangul aside). */
	assert_int_equal(ct_token_classify(0x4E2D, CT_TOKEN_SIMILARITY), CT_TOKEN_SOLO);
	assert_int_equal(ct_token_classify(0xD55C, CT_TOKEN_SIMILARITY), CT_TOKEN_WORD);
	assert_int_equal(ct_token_classify(0x4E2D, CT_TOKEN_DIFF), CT_TOKEN_WORD);
	assert_words(CT_TOKEN_SIMILARITY, "ab\xe4\xb8\xad\xe6\x96\x87", "ab|", "token-3.3");
	assert_words(CT_TOKEN_CHECK, "ab\xe4\xb8\xad\xe6\x96\x87 x", "ab\xe4\xb8\xad\xe6\x96\x87|x|",
	             "token-3.4");
	/* Digits are words but in VALUE; an invalid byte is never part of a word. */
	assert_int_equal(ct_token_classify('7', CT_TOKEN_VALUE), CT_TOKEN_OTHER);
	assert_int_equal(ct_token_classify('7', CT_TOKEN_DIFF), CT_TOKEN_WORD);
	assert_int_equal(ct_token_classify(0xA0, CT_TOKEN_DIFF), CT_TOKEN_SPACE);
	assert_int_equal(ct_token_classify('-', CT_TOKEN_DIFF), CT_TOKEN_OTHER);
	assert_words(CT_TOKEN_CHECK, "ab\xff" "cd\xc3", "ab|cd|", "token-3.5");
	assert_words(CT_TOKEN_CHECK, "", "", "token-3.6");
	assert_int_equal(ct_token_word_end("abc def", 0, 7, CT_TOKEN_DIFF), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_modes),
	    cmocka_unit_test(test_joiners),
	    cmocka_unit_test(test_classes),
	};

	return cmocka_run_group_tests_name("token", tests, NULL, NULL);
}
