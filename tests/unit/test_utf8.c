/* tests/unit/test_utf8.c: decoding, stepping through and checking UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"
#include "utf8.h"

/* utf8-1: each length of sequence decodes; invalid bytes are U+FFFD of one byte. */
static void test_decode(void **state)
{
	static const struct {
		const char *s;
		size_t len;
		int32_t cp;
		size_t n;
	} cases[] = {
	    {"a", 1, 'a', 1},
	    {"\0x", 2, 0, 1},
	    {"\xc3\xa9", 2, 0xE9, 2},
	    {"\xe2\x80\x94", 3, 0x2014, 3},
	    {"\xf0\x9f\x98\x80", 4, 0x1F600, 4},
	    {"\xef\xbf\xbd", 3, 0xFFFD, 3},     /* a written U+FFFD: three bytes */
	    {"\x80", 1, CT_UTF8_INVALID, 1},     /* stray continuation byte */
	    {"\xc0\xaf", 2, CT_UTF8_INVALID, 1}, /* overlong '/' */
	    {"\xed\xa0\x80", 3, CT_UTF8_INVALID, 1}, /* a surrogate */
	    {"\xf4\x90\x80\x80", 4, CT_UTF8_INVALID, 1}, /* above U+10FFFF */
	    {"\xe2\x80\x94", 2, CT_UTF8_INVALID, 1}, /* cut short by len */
	    {"\xff", 1, CT_UTF8_INVALID, 1},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int32_t cp = -2;
		size_t n = ct_utf8_decode(&cp, cases[i].s, cases[i].len);

		if (cp != cases[i].cp || n != cases[i].n)
			fail_msg("utf8-1.%zu: got U+%04X of %zu bytes", i, (unsigned)cp, n);
	}
}

/* utf8-2: back one character, never past lo, never more than four bytes. */
static void test_prev(void **state)
{
	const char *s = "a\xc3\xa9\xe2\x80\x94\xf0\x9f\x98\x80z";

	(void)state;
	assert_int_equal(ct_utf8_prev(s, 0, 1), 0);
	assert_int_equal(ct_utf8_prev(s, 0, 3), 1);
	assert_int_equal(ct_utf8_prev(s, 0, 6), 3);
	assert_int_equal(ct_utf8_prev(s, 0, 10), 6);
	assert_int_equal(ct_utf8_prev(s, 0, 11), 10);
	assert_int_equal(ct_utf8_prev(s, 8, 10), 8);
	assert_int_equal(ct_utf8_prev("\x80\x80\x80\x80\x80\x80", 0, 6), 2);
	assert_true(ct_utf8_is_cont(0x80));
	assert_false(ct_utf8_is_cont('a'));
	assert_false(ct_utf8_is_cont(0xc3));
}

/* utf8-3: the valid prefix, and the messages of the check. */
static void test_validate(void **state)
{
	(void)state;
	assert_int_equal(ct_utf8_valid_len("ab\xc3\xa9", 4), 4);
	assert_int_equal(ct_utf8_valid_len("ab\xc3", 3), 2);
	assert_int_equal(ct_utf8_valid_len("a\0b\x80", 4), 3);
	assert_int_equal(ct_utf8_valid_len("", 0), 0);

	assert_int_equal(ct_utf8_validate("", 0, "t"), 0);
	assert_int_equal(ct_utf8_validate("caf\xc3\xa9", 5, "t"), 0);
	assert_int_equal(ct_utf8_validate("caf\xc3\xa9 \xe2\x80", 8, "courier@1"), CT_EINVALID);
	assert_string_equal(ct_error_last(), "'courier@1' is not valid UTF-8 (byte 6)");
	assert_int_equal(ct_utf8_validate("ab\0c\xff", 5, "note"), CT_EINVALID);
	assert_string_equal(ct_error_last(), "'note' contains a NUL byte (byte 2)");
	assert_int_equal(ct_utf8_validate("ab\xff\0", 4, "note"), CT_EINVALID);
	assert_string_equal(ct_error_last(), "'note' is not valid UTF-8 (byte 2)");
}

/* utf8-4: white space and invisibles. */
static void test_classes(void **state)
{
	static const int32_t spaces[] = {' ', '\t', '\n', '\v', '\f', '\r', 0x85, 0xA0, 0x2003, 0x2028, 0x2029, 0x3000};
	static const int32_t others[] = {'a', '_', 0, 0x1F, 0x200B, 0xFEFF, CT_UTF8_INVALID};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(spaces) / sizeof(spaces[0]); i++)
		if (!ct_utf8_is_space(spaces[i]))
			fail_msg("utf8-4: U+%04X is white space", (unsigned)spaces[i]);
	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		if (ct_utf8_is_space(others[i]))
			fail_msg("utf8-4: U+%04X is not white space", (unsigned)others[i]);
	assert_true(ct_utf8_is_ignorable(0xAD));
	assert_true(ct_utf8_is_ignorable(0x200B));
	assert_true(ct_utf8_is_ignorable(0xFEFF));
	assert_false(ct_utf8_is_ignorable('a'));
	assert_false(ct_utf8_is_ignorable(CT_UTF8_INVALID));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decode),
	    cmocka_unit_test(test_prev),
	    cmocka_unit_test(test_validate),
	    cmocka_unit_test(test_classes),
	};

	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
