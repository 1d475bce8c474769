//! conv2d and the pooling layers over NCHW images, against downhill's eval-mode forward (1e-5).
mod common;
use common::{batch, check_layers};

#[test]
fn convolutions_with_padding_stride_dilation_and_groups() {
    check_layers("conv2d(4, 3, padding=1), relu", &[2, 6, 6], &batch(3, &[2, 6, 6], 1));
    let text = "conv2d(4, (3, 2), stride=2, padding=(1, 0), dilation=(1, 2), groups=2, bias=false)";
    check_layers(text, &[2, 9, 9], &batch(2, &[2, 9, 9], 2));
}

#[test]
fn max_and_average_pooling_count_padding_as_torch() {
    check_layers("max_pool2d(2)", &[3, 6, 6], &batch(2, &[3, 6, 6], 3));
    // Padded windows: the max ignores the padding, the average counts its zeros.
    check_layers("max_pool2d(3, stride=2, padding=1)", &[2, 7, 7], &batch(2, &[2, 7, 7], 4));
    check_layers("avg_pool2d(3, stride=2, padding=1)", &[2, 7, 7], &batch(2, &[2, 7, 7], 5));
}

#[test]
fn adaptive_pooling_with_overlapping_bins() {
    // 5 → 3 rows and 7 → 2 columns: bins of unequal, overlapping spans.
    check_layers("adaptive_avg_pool2d((3, 2))", &[2, 5, 7], &batch(2, &[2, 5, 7], 6));
    check_layers(
        "conv2d(3, 3), adaptive_avg_pool2d(1), flatten, linear(2)",
        &[1, 6, 6],
        &batch(3, &[1, 6, 6], 7),
    );
}
