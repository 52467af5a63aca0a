/* Unit tests of core/base/util.c and core/base/json.c: clock, ids, slugs, SHA-256, canonical JSON. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "json.h"
#include "util.h"

static void sha256_known_vectors(void **state)
{
	char hex[65];
	char million[1000];

	(void)state;
	ct_sha256_hex(hex, "", 0);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	ct_sha256_hex(hex, "abc", 3);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ct_sha256_hex(hex, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	memset(million, 'a', sizeof(million));
	ct_sha256_hex(hex, million, 64);
	assert_string_equal(hex, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

static void time_parse_and_format(void **state)
{
	time_t t;
	char out[32];

	(void)state;
	assert_int_equal(ct_time_parse(&t, "2025-08-13T10:00:00Z"), 0);
	ct_time_format(out, t);
	assert_string_equal(out, "2025-08-13T10:00:00Z");
	assert_int_equal(ct_time_parse(&t, "2024-02-29"), 0);
	ct_time_format(out, t);
	assert_string_equal(out, "2024-02-29T00:00:00Z");
	assert_int_equal(ct_time_parse(&t, "2025-08-13T12:30:00+02:00"), 0);
	ct_time_format(out, t);
	assert_string_equal(out, "2025-08-13T10:30:00Z");
	assert_int_equal(ct_time_parse(&t, "2025-02-29"), CT_EINVALID);
	assert_string_equal(ct_error_last(), "invalid date '2025-02-29' (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
	assert_int_equal(ct_time_parse(&t, "2025-13-01"), CT_EINVALID);
	assert_int_equal(ct_time_parse(&t, "2025-01-01T25:00:00Z"), CT_EINVALID);
	assert_int_equal(ct_time_parse(&t, "2025-01-01junk"), CT_EINVALID);
	assert_int_equal(ct_time_parse(&t, "tomorrow"), CT_EINVALID);
	assert_true(ct_date_valid("2000-02-29"));
	assert_false(ct_date_valid("1900-02-29"));
	assert_false(ct_date_valid("2025-1-01"));
}

static void clock_from_environment(void **state)
{
	time_t t;

	(void)state;
	setenv("CLAIMTRACK_DATE", "@86400", 1);
	assert_int_equal(ct_clock_now(&t), 0);
	assert_int_equal((long)t, 86400);
	setenv("CLAIMTRACK_DATE", "soon", 1);
	assert_int_equal(ct_clock_now(&t), CT_EINVALID);
	assert_string_equal(ct_error_last(), "invalid CLAIMTRACK_DATE 'soon' (expected YYYY-MM-DDTHH:MM:SSZ)");
	setenv("CLAIMTRACK_DATE", "2025-01-02T03:04:05Z", 1);
}

static void ids_are_base32_and_seeded(void **state)
{
	char a[CT_ID_LEN + 1], b[CT_ID_LEN + 1], c[CT_ID_LEN + 1];

	(void)state;
	setenv("CLAIMTRACK_ID_SEED", "fixed", 1);
	assert_int_equal(ct_id_new(a, "salt one"), 0);
	assert_int_equal(ct_id_new(b, "salt one"), 0);
	assert_int_equal(ct_id_new(c, "salt two"), 0);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_int_equal(strlen(a), CT_ID_LEN);
	assert_true(ct_id_chars_ok(a));
	unsetenv("CLAIMTRACK_ID_SEED");
	assert_int_equal(ct_id_new(b, "salt one"), 0);
	assert_string_not_equal(a, b);
	assert_false(ct_id_chars_ok("abcu"));
	assert_false(ct_id_chars_ok("ABCD"));
	assert_false(ct_id_chars_ok(""));
}

/* A content id is the top 50 bits of the content's SHA-256 (computed independently); a seeded
 * id is the content id of the seed (16 bytes, zero-filled) followed by the salt. */
static void content_ids(void **state)
{
	static const char seeded[16 + 8] = "fixed\0\0\0\0\0\0\0\0\0\0\0salt one";
	char a[CT_ID_LEN + 1], b[CT_ID_LEN + 1];

	(void)state;
	ct_id_of(a, "abc", 3);
	assert_string_equal(a, "q9w1dfwf07");
	ct_id_of(b, "abd", 3);
	assert_string_not_equal(a, b);
	ct_id_of(a, seeded, sizeof(seeded));
	assert_string_equal(a, "ah43qqk70p");
	setenv("CLAIMTRACK_ID_SEED", "fixed", 1);
	assert_int_equal(ct_id_new(b, "salt one"), 0);
	unsetenv("CLAIMTRACK_ID_SEED");
	assert_string_equal(a, b);
}

/* Arrays grow to `first`, then by doubling, keeping what they hold; room left is not reallocated. */
static void arrays_grow(void **state)
{
	int *a = NULL, *before;
	size_t n = 0, cap = 0, i;

	(void)state;
	for (i = 0; i < 100; i++) {
		assert_int_equal(CT_ARRAY_GROW(a, n, cap, 4), 0);
		a[n++] = (int)i;
		assert_true(cap >= n);
		assert_true(cap == 4 || cap == 8 || cap == 16 || cap == 32 || cap == 64 || cap == 128);
	}
	assert_int_equal(cap, 128);
	for (i = 0; i < 100; i++)
		assert_int_equal(a[i], (int)i);
	before = a;
	assert_int_equal(CT_ARRAY_GROW(a, 50, cap, 4), 0);
	assert_ptr_equal(a, before);
	assert_int_equal(cap, 128);
	/* Room for many at once: doubled until it is enough. */
	assert_int_equal(CT_ARRAY_RESERVE(a, cap, 129, 4), 0);
	assert_int_equal(cap, 256);
	assert_int_equal(CT_ARRAY_RESERVE(a, cap, 1000, 4), 0);
	assert_int_equal(cap, 1024);
	for (i = 0; i < 100; i++)
		assert_int_equal(a[i], (int)i);
	free(a);
	a = NULL;
	cap = 0;
	assert_int_equal(CT_ARRAY_RESERVE(a, cap, 3, 16), 0);
	assert_int_equal(cap, 16);
	free(a);
}

static void slugs(void **state)
{
	ct_buf b = CT_BUF_INIT;

	(void)state;
	ct_slug(&b, "Boil-water notice for Kestrelford!", 40);
	assert_string_equal(b.ptr, "boil-water-notice-for-kestrelford");
	ct_buf_reset(&b);
	ct_slug(&b, "  Café’s «new» menu: 3 dishes ", 40);
	assert_string_equal(b.ptr, "caf-s-new-menu-3-dishes");
	ct_buf_reset(&b);
	ct_slug(&b, "one two three four five six seven eight nine ten", 20);
	assert_string_equal(b.ptr, "one-two-three-four");
	ct_buf_reset(&b);
	ct_slug(&b, "¿¡!?", 20);
	assert_string_equal(b.ptr, "");
	ct_buf_release(&b);
	assert_true(ct_source_id_ok("courier"));
	assert_true(ct_source_id_ok("a.b_c-1"));
	assert_false(ct_source_id_ok("Courier"));
	assert_false(ct_source_id_ok("-x"));
	assert_false(ct_source_id_ok("a..b"));
	assert_false(ct_source_id_ok("a/b"));
	assert_false(ct_source_id_ok("a@1"));
}

static void canonical_json(void **state)
{
	ct_buf b = CT_BUF_INIT;
	json_t *doc = NULL;
	const char *in = "{\"b\": [1, 2.5], \"a\": \"caf\\u00e9 \\\"q\\\"\", \"c\": {}}";

	(void)state;
	assert_int_equal(ct_json_parse(&doc, in, strlen(in), "x", 0), 0);
	assert_int_equal(ct_json_canonical(&b, doc), 0);
	assert_string_equal(b.ptr, "{\n  \"a\": \"café \\\"q\\\"\",\n  \"b\": [\n    1,\n    2.5\n  ],\n  \"c\": {}\n}\n");
	json_decref(doc);
	ct_buf_release(&b);
}

static void strict_json(void **state)
{
	json_t *doc = NULL;

	(void)state;
	assert_int_equal(ct_json_parse(&doc, "{\"a\": 1, \"a\": 2}", 16, "in.json", 0), CT_EINVALID);
	assert_null(doc);
	assert_string_equal(ct_error_last(), "'in.json' line 1 column 12: duplicate object key 'a'");
	assert_int_equal(ct_json_parse(&doc, "{\"a\": 1} x", 10, "in.json", 7), CT_EINVALID);
	assert_string_equal(ct_error_last(), "'in.json' line 7 column 10: end of file expected near 'x'");
	assert_int_equal(ct_json_parse(&doc, "{\"a\": \"\xff\"}", 10, "in.json", 0), CT_EINVALID);
	assert_int_equal(ct_json_parse(&doc, "{\"a\": 1}\0", 9, "in.json", 2), CT_EINVALID);
	assert_string_equal(ct_error_last(), "'in.json' line 2 column 9: NUL byte");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sha256_known_vectors),
		cmocka_unit_test(time_parse_and_format),
		cmocka_unit_test(clock_from_environment),
		cmocka_unit_test(ids_are_base32_and_seeded),
		cmocka_unit_test(content_ids),
		cmocka_unit_test(arrays_grow),
		cmocka_unit_test(slugs),
		cmocka_unit_test(canonical_json),
		cmocka_unit_test(strict_json),
	};

	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
