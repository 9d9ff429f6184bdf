/*
 * kgl_window_rows.c: in-place windows (format 1.5, docs/FORMAT.md "In-place windows"). An int8
 * CONV_2D or DEPTHWISE_CONV_2D of one batch may write its output over its own input when the
 * gap between their arena offsets lets it run in bands of output rows: top down when the
 * output starts before the input, bottom up when it starts after, each band a plain kernel
 * call whose input rows no earlier band has overwritten and whose output overlaps none of
 * them. Every kernel then still sees an output apart from its input. Swift twin: WindowRows.
 *
 * Row r of the output reads input rows [first(r), end(r)): first(r) = max(0, r * stride_h -
 * pad_top), end(r) = min(input_h, r * stride_h - pad_top + (filter_h - 1) * dilation_h + 1).
 * Both only grow with r.
 */
#include "kgl_internal.h"

static int64_t kgl_window_first_row(const kgl_conv_geometry *g, int64_t r) {
    const int64_t row = r * g->stride_h - g->pad_top;
    return row > 0 ? row : 0;
}

static int64_t kgl_window_row_end(const kgl_conv_geometry *g, int64_t r) {
    const int64_t end = r * g->stride_h - g->pad_top +
                        (int64_t)(g->filter_h - 1u) * g->dilation_h + 1;
    return end < (int64_t)g->input_h ? end : (int64_t)g->input_h;
}

/* Whether output rows [r0, r1) fit below the input rows row r0 reads when the output starts
   `gap` bytes before the input (top down), or above those row r1 - 1 reads when it starts
   `gap` bytes after (bottom up). */
static int kgl_window_band_fits(const kgl_conv_geometry *g, int before, int64_t gap, int64_t r0,
                                int64_t r1) {
    const int64_t in_row = (int64_t)g->input_w * g->input_depth;
    const int64_t out_row = (int64_t)g->output_w * g->output_depth;
    return before ? r1 * out_row - gap <= kgl_window_first_row(g, r0) * in_row
                  : r0 * out_row + gap >= kgl_window_row_end(g, r1 - 1) * in_row;
}

int kgl_window_rows_allow(const kgl_conv_geometry *g, uint32_t input_offset,
                          uint32_t output_offset) {
    if (g->batches != 1u || input_offset == output_offset) {
        return 0;
    }
    const int before = output_offset < input_offset;
    const int64_t gap = before ? (int64_t)input_offset - output_offset
                               : (int64_t)output_offset - input_offset;
    for (int64_t r = 0; r < (int64_t)g->output_h; r++) {
        if (!kgl_window_band_fits(g, before, gap, r, r + 1)) {
            return 0;
        }
    }
    return 1;
}

/* The kernel geometry of output rows [r0, r1): the input rows they read, and the padding
   above the first of them. */
static void kgl_window_band(const kgl_conv_geometry *g, int64_t r0, int64_t r1,
                            kgl_conv_geometry *band, size_t *input_skip, size_t *output_skip) {
    const int64_t first = kgl_window_first_row(g, r0);
    *band = *g;
    band->output_h = (uint32_t)(r1 - r0);
    band->input_h = (uint32_t)(kgl_window_row_end(g, r1 - 1) - first);
    band->pad_top = (int32_t)(first - (r0 * g->stride_h - g->pad_top));
    *input_skip = (size_t)first * g->input_w * g->input_depth;
    *output_skip = (size_t)r0 * g->output_w * g->output_depth;
}

void kgl_window_bands_start(kgl_window_bands *bands, const kgl_conv_geometry *g,
                            uint32_t input_offset, uint32_t output_offset) {
    bands->geometry = g;
    bands->before = output_offset < input_offset;
    bands->gap = bands->before ? (int64_t)input_offset - output_offset
                               : (int64_t)output_offset - input_offset;
    bands->done = 0;
}

int kgl_window_bands_next(kgl_window_bands *bands, kgl_conv_geometry *band, size_t *input_skip,
                          size_t *output_skip) {
    const kgl_conv_geometry *g = bands->geometry;
    const int64_t rows = (int64_t)g->output_h, done = bands->done, gap = bands->gap;
    if (done >= rows) {
        return 0;
    }
    int64_t r0, r1;
    if (bands->before) { /* top down: rows [done, r1) */
        r0 = done;
        for (r1 = r0 + 1; r1 < rows && kgl_window_band_fits(g, 1, gap, r0, r1 + 1);) {
            r1++;
        }
        bands->done = r1;
    } else { /* bottom up: rows [r0, rows - done) */
        r1 = rows - done;
        for (r0 = r1 - 1; r0 > 0 && kgl_window_band_fits(g, 0, gap, r0 - 1, r1);) {
            r0--;
        }
        bands->done = rows - r0;
    }
    kgl_window_band(g, r0, r1, band, input_skip, output_skip);
    return 1;
}
