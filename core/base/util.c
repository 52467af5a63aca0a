/* core/base/util.c: clock, ids, slugs, SHA-256, file reading. */
#define _GNU_SOURCE
#include "util.h"
#include "error.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

int ct_date_valid(const char *s)
{
	int y, m, d, n = 0;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
		return 0;
	if (s[4] != '-' || s[7] != '-' || !isdigit((unsigned char)s[5]) || !isdigit((unsigned char)s[8]))
		return 0;
	return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

int ct_time_parse(time_t *out, const char *s)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0, tzh = 0, tzm = 0;
	const char *p;
	char date[11];

	*out = 0;
	if (strlen(s) < 10)
		goto bad;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!ct_date_valid(date))
		goto bad;
	sscanf(date, "%4d-%2d-%2d", &y, &mo, &d);
	p = s + 10;
	if (*p == 'T' || *p == ' ') {
		if (sscanf(p + 1, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5)
			goto bad;
		p += 1 + n;
		if (*p == ':') {
			if (sscanf(p + 1, "%2d%n", &sec, &n) != 1 || n != 2)
				goto bad;
			p += 1 + n;
		}
		if (h > 23 || mi > 59 || sec > 60)
			goto bad;
		if (*p == 'Z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			int sign = *p == '-' ? -1 : 1;
			if (sscanf(p + 1, "%2d:%2d%n", &tzh, &tzm, &n) != 2 || n != 5)
				goto bad;
			tzh *= sign;
			tzm *= sign;
			p += 1 + n;
		}
	}
	if (*p)
		goto bad;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = timegm(&tm) - (time_t)(tzh * 3600 + tzm * 60);
	return 0;
bad:
	return ct_error_set(CT_EINVALID, "invalid date '%s' (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)", s);
}

int ct_clock_now(time_t *out)
{
	const char *env = getenv("CLAIMTRACK_DATE");
	char *end;

	*out = 0;
	if (!env || !*env) {
		*out = time(NULL);
		return 0;
	}
	if (env[0] == '@') {
		long long v;
		errno = 0;
		v = strtoll(env + 1, &end, 10);
		if (errno || *end || end == env + 1 || v < 0)
			return ct_error_set(CT_EINVALID, "invalid CLAIMTRACK_DATE '%s'", env);
		*out = (time_t)v;
		return 0;
	}
	if (ct_time_parse(out, env) < 0)
		return ct_error_set(CT_EINVALID, "invalid CLAIMTRACK_DATE '%s' (expected YYYY-MM-DDTHH:MM:SSZ)", env);
	return 0;
}

void ct_time_format(char *out, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char base32[] = "0123456789abcdefghjkmnpqrstvwxyz";

void ct_id_of(char *out, const void *data, size_t len)
{
	unsigned char digest[32];
	char hex[65];
	size_t i;

	ct_sha256_hex(hex, data, len);
	for (i = 0; i < sizeof(digest); i++) {
		unsigned v;
		sscanf(hex + 2 * i, "%2x", &v);
		digest[i] = (unsigned char)v;
	}
	/* Five bits a character, from the top of the digest. */
	for (i = 0; i < CT_ID_LEN; i++) {
		size_t bit = i * 5, byte = bit / 8, shift = bit % 8;
		unsigned v = ((unsigned)digest[byte] << 8 | digest[byte + 1]) >> (11 - shift);
		out[i] = base32[v & 31];
	}
	out[CT_ID_LEN] = '\0';
}

int ct_id_new(char *out, const char *salt)
{
	unsigned char seed[16];
	const char *env = getenv("CLAIMTRACK_ID_SEED");
	ct_buf in = CT_BUF_INIT;

	if (env && *env) {
		memset(seed, 0, sizeof(seed));
		memcpy(seed, env, strnlen(env, sizeof(seed)));
	} else if (getrandom(seed, sizeof(seed), 0) != (ssize_t)sizeof(seed)) {
		return ct_error_set(CT_ERROR, "cannot read random bytes: %s", strerror(errno));
	}
	if (ct_buf_put(&in, seed, sizeof(seed)) < 0 || ct_buf_puts(&in, salt ? salt : "") < 0) {
		ct_buf_release(&in);
		return CT_ERROR;
	}
	ct_id_of(out, in.ptr, in.len);
	ct_buf_release(&in);
	return 0;
}

int ct_id_chars_ok(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!strchr(base32, *s))
			return 0;
	return 1;
}

int ct_slug(ct_buf *out, const char *text, size_t max)
{
	size_t start = out->len, last_word_end = out->len;
	int need_hyphen = 0;
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p; p++) {
		if (isalnum(*p) && *p < 128) {
			if (need_hyphen && out->len > start) {
				last_word_end = out->len;
				if (ct_buf_putc(out, '-') < 0)
					return CT_ERROR;
			}
			need_hyphen = 0;
			if (ct_buf_putc(out, (char)tolower(*p)) < 0)
				return CT_ERROR;
			if (out->len - start > max) {
				out->len = last_word_end > start ? last_word_end : start + max;
				out->ptr[out->len] = '\0';
				break;
			}
		} else if (*p != '\'' && *p < 128) {
			need_hyphen = 1;
		} else if (*p >= 128) {
			need_hyphen = 1;
		}
	}
	while (out->len > start && out->ptr[out->len - 1] == '-')
		out->ptr[--out->len] = '\0';
	return 0;
}

int ct_source_id_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > 64 || !(islower((unsigned char)s[0]) || isdigit((unsigned char)s[0])))
		return 0;
	if (strstr(s, ".."))
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(islower(c) || isdigit(c) || c == '-' || c == '_' || c == '.'))
			return 0;
	}
	return s[n - 1] != '.';
}

char *ct_memdup(const char *s, size_t len)
{
	char *p = malloc(len + 1);

	if (!p) {
		ct_error_oom();
		return NULL;
	}
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

uint32_t ct_fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

/* SHA-256 as FIPS 180-4 specifies it. */
static const uint32_t sha_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(uint32_t h[8], const unsigned char *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, hh, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
	for (i = 0; i < 64; i++) {
		t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + sha_k[i] + w[i];
		t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		hh = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
}

void ct_sha256_hex(char *out, const void *data, size_t len)
{
	uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	const unsigned char *p = data;
	unsigned char tail[128];
	size_t rest = len % 64, full = len - rest, tlen, i;
	uint64_t bits = (uint64_t)len * 8;

	for (i = 0; i < full; i += 64)
		sha256_block(h, p + i);
	memset(tail, 0, sizeof(tail));
	if (rest)
		memcpy(tail, p + full, rest);
	tail[rest] = 0x80;
	tlen = rest < 56 ? 64 : 128;
	for (i = 0; i < 8; i++)
		tail[tlen - 1 - i] = (unsigned char)(bits >> (8 * i));
	for (i = 0; i < tlen; i += 64)
		sha256_block(h, tail + i);
	for (i = 0; i < 8; i++)
		sprintf(out + 8 * i, "%08x", h[i]);
}

int ct_file_read(ct_buf *out, const char *path)
{
	int fd, error = 0;
	char chunk[65536];
	ssize_t n;

	fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
	if (fd < 0)
		return ct_error_set(errno == ENOENT ? CT_ENOTFOUND : CT_ERROR, "cannot read '%s': %s",
				    path, strerror(errno));
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			error = ct_error_set(CT_ERROR, "cannot read '%s': %s", path, strerror(errno));
			break;
		}
		if (ct_buf_put(out, chunk, (size_t)n) < 0) {
			error = CT_ERROR;
			break;
		}
	}
	if (fd != STDIN_FILENO)
		close(fd);
	return error;
}
