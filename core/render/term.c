/* core/render/term.c: the terminal rendering of word diffs, with markers or ANSI colour. */
#include "term.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>

/* What render_run() needs besides the run. */
typedef struct render_state {
	ct_buf *out;
	unsigned flags;
} render_state;

/* Append text, closing and reopening the colour `sgr` around each newline. */
static int put_colored(ct_buf *out, const char *sgr, const char *text, size_t len)
{
	size_t i = 0;

	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t k = nl ? (size_t)(nl - text) - i : len - i;

		if (k && (ct_buf_puts(out, sgr) < 0 || ct_buf_put(out, text + i, k) < 0 ||
		          ct_buf_puts(out, "\033[m") < 0))
			return CT_ERROR;
		i += k;
		if (nl) {
			if (ct_buf_putc(out, '\n') < 0)
				return CT_ERROR;
			i++;
		}
	}
	return 0;
}

static int render_run(const ct_wdiff_run *r, void *payload)
{
	render_state *st = payload;
	ct_buf *out = st->out;

	if (r->op == '=')
		return ct_buf_put(out, r->text, r->len);
	if (st->flags & CT_WDIFF_COLOR)
		return put_colored(out, r->op == '-' ? "\033[31m" : "\033[32m", r->text, r->len);
	if (ct_buf_puts(out, r->op == '-' ? "[-" : "{+") < 0 ||
	    ct_buf_put(out, r->text, r->len) < 0 ||
	    ct_buf_puts(out, r->op == '-' ? "-]" : "+}") < 0)
		return CT_ERROR;
	return 0;
}

int ct_term_wdiff(ct_buf *out, const ct_wdiff *d, const char *old, size_t oldlen, const char *new,
                  size_t newlen, unsigned flags, unsigned context)
{
	ct_wdiff_display *disp = NULL;
	ct_wdiff_para p;
	unsigned char *shown = NULL;
	render_state st = {out, flags};
	const char *color = (flags & CT_WDIFF_COLOR) ? "\033[36m" : "";
	const char *reset = (flags & CT_WDIFF_COLOR) ? "\033[m" : "";
	size_t i, k, n, size;
	int error;

	if ((error = ct_wdiff_display_new(&disp, d, old, oldlen, new, newlen, flags)) < 0)
		return error;
	n = ct_wdiff_display_count(disp);
	if (n && !(shown = calloc(n, 1))) {
		error = ct_error_oom();
		goto done;
	}
	for (i = 0; i < n; i++) {
		ct_wdiff_display_para(&p, disp, i);
		if (!p.changed)
			continue;
		for (k = i >= context ? i - context : 0; k < n && k <= i + context; k++)
			shown[k] = 1;
	}
	/*
	 * Room for what is shown, about, at once: long texts make long
	 * outputs, which would otherwise be copied at every doubling.
	 */
	for (i = 0, size = 0; i < n; i++)
		size += shown[i] ? ct_wdiff_display_size(disp, i) : 0;
	if ((error = ct_buf_grow(out, size)) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		if (!shown[i])
			continue;
		ct_wdiff_display_para(&p, disp, i);
		if (p.new_para != CT_WDIFF_NONE)
			error = ct_buf_printf(out, "%s@@ paragraph %zu @@%s\n", color, p.new_para + 1,
			                      reset);
		else
			error = ct_buf_printf(out, "%s@@ old paragraph %zu @@%s\n", color,
			                      p.old_para + 1, reset);
		if (error < 0 || (error = ct_wdiff_display_runs(disp, i, render_run, &st)) < 0 ||
		    (error = ct_buf_putc(out, '\n')) < 0)
			goto done;
	}
done:
	free(shown);
	ct_wdiff_display_free(disp);
	return error;
}
