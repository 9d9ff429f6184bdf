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

/* first(r) and end(r) above, in int32: the checked window bound keeps (output_h - 1) *
   stride_h + (filter_h - 1) * dilation_h within INT32_MAX. */
static uint32_t kgl_window_first_row(const kgl_window_bands *b, uint32_t r) {
    const int32_t row = (int32_t)r * b->stride - b->pad_top;
    return row > 0 ? (uint32_t)row : 0u;
}

static uint32_t kgl_window_row_end(const kgl_window_bands *b, uint32_t r) {
    const int32_t end = (int32_t)r * b->stride - b->pad_top + b->span;
    return end < (int32_t)b->input_h ? (uint32_t)end : b->input_h;
}

/* Whether output rows [r0, r1) fit below the input rows row r0 reads when the output starts
   before the input (top down), or above those row r1 - 1 reads when it starts after (bottom
   up). Rows times row bytes stay below 2^32 (tensor sizes). Out of line: one copy for the
   load check and the bands. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static int kgl_window_band_fits(const kgl_window_bands *b, uint32_t r0, uint32_t r1) {
    return b->before
               ? r1 * b->out_row <= (uint64_t)kgl_window_first_row(b, r0) * b->in_row + b->gap
               : (uint64_t)r0 * b->out_row + b->gap >= kgl_window_row_end(b, r1 - 1u) * b->in_row;
}

void kgl_window_bands_start(kgl_window_bands *bands, const kgl_conv_geometry *g,
                            uint32_t input_offset, uint32_t output_offset) {
    bands->input_h = g->input_h;
    bands->output_h = g->output_h;
    bands->stride = g->stride_h;
    bands->pad_top = g->pad_top;
    bands->span = (int32_t)(g->filter_h - 1u) * g->dilation_h + 1;
    bands->in_row = g->input_w * g->input_depth;
    bands->out_row = g->output_w * g->output_depth;
    bands->before = output_offset < input_offset;
    bands->gap = bands->before ? input_offset - output_offset : output_offset - input_offset;
    bands->done = 0;
}

int kgl_window_rows_allow(const kgl_conv_geometry *g, uint32_t input_offset,
                          uint32_t output_offset) {
    kgl_window_bands bands;
    kgl_window_bands_start(&bands, g, input_offset, output_offset);
    if (g->batches != 1u) { /* (equal offsets fail row 0 below) */
        return 0;
    }
    for (uint32_t r = 0; r < g->output_h; r++) {
        if (!kgl_window_band_fits(&bands, r, r + 1u)) {
            return 0;
        }
    }
    return 1;
}

int kgl_window_bands_next(kgl_window_bands *bands, kgl_conv_geometry *band, size_t *input_skip,
                          size_t *output_skip) {
    const uint32_t rows = bands->output_h;
    if (bands->done >= rows) {
        return 0;
    }
    /* Top down: rows [done, r1), grown down while they fit; bottom up: [r0, rows - done),
       grown up. */
    uint32_t r0 = bands->before ? bands->done : rows - bands->done - 1u;
    uint32_t r1 = r0 + 1u;
    while (bands->before ? r1 < rows && kgl_window_band_fits(bands, r0, r1 + 1u)
                         : r0 > 0u && kgl_window_band_fits(bands, r0 - 1u, r1)) {
        if (bands->before) {
            r1++;
        } else {
            r0--;
        }
    }
    bands->done += r1 - r0;
    /* The band's rows: the input rows its outputs read, the padding above them. */
    const uint32_t first = kgl_window_first_row(bands, r0);
    band->output_h = r1 - r0;
    band->input_h = kgl_window_row_end(bands, r1 - 1u) - first;
    band->pad_top = (int32_t)first - ((int32_t)r0 * bands->stride - bands->pad_top);
    *input_skip = (size_t)first * bands->in_row;
    *output_skip = (size_t)r0 * bands->out_row;
    return 1;
}

int kgl_window_in_place(const kgl_model *m, const kgl_operator_record *op,
                        const kgl_conv_geometry *g, kgl_window_bands *bands) {
    const kgl_tensor_record *input = kgl_op_input(m, op, 0);
    const kgl_tensor_record *output = kgl_op_output(m, op, 0);
    if (!kgl_arena_overlap(output, input)) {
        return 0;
    }
    if (g == NULL) { /* the load check: the geometry from the record */
        /* DEPTHWISE_CONV_2D's options start with CONV_2D's (kgl_format.h asserts the offsets). */
        const kgl_conv2d_options *o = KGL_OPTIONS(kgl_conv2d_options, op);
        kgl_conv_geometry record; /* the fields the rows rule reads */
        record.batches = input->dims[0];
        record.input_h = input->dims[1];
        record.input_w = input->dims[2];
        record.input_depth = input->dims[3];
        record.output_h = output->dims[1];
        record.output_w = output->dims[2];
        record.output_depth = output->dims[3];
        record.filter_h = kgl_op_input(m, op, 1)->dims[1];
        record.stride_h = o->stride_h;
        record.dilation_h = o->dilation_h;
        record.pad_top = o->pad_top;
        return kgl_window_rows_allow(&record, input->offset, output->offset) ? 1 : -1;
    }
    kgl_window_bands_start(bands, g, input->offset, output->offset);
    return 1;
}
