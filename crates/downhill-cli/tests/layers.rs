//! `--layers`, `--arch` and `--input-shape` end to end: a residual CNN with batch norm on tiny
//! images trains, saves, loads, predicts and evaluates; a stack on CSV rows; the architecture file;
//! and each mistake in a layer stack as a one-line error naming the layer and its position.
#![allow(clippy::unwrap_used)]
mod common;
use common::{arg, data, downhill, ok, scratch, stderr};
use std::path::{Path, PathBuf};

/// `n` 8×8 grey images with labels: class 0 bright on the left half, class 1 on the right, plus a
/// fixed pseudo-random speckle; written as an IDX pair the reader finds by name.
fn tiny_images(dir: &Path, n: usize) -> PathBuf {
    let (mut images, mut labels) = (vec![0, 0, 8, 3], vec![0, 0, 8, 1]);
    [n as u32, 8, 8].iter().for_each(|d| images.extend_from_slice(&d.to_be_bytes()));
    labels.extend_from_slice(&(n as u32).to_be_bytes());
    let mut state = 12345u32;
    for i in 0..n {
        let class = (i % 2) as u8;
        labels.push(class);
        for p in 0..64 {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let left = p % 8 < 4;
            let base = if left == (class == 0) { 180 } else { 20 };
            images.push(base + (state >> 27) as u8);
        }
    }
    let path = dir.join("tiny-images-idx3-ubyte");
    std::fs::write(&path, images).unwrap();
    std::fs::write(dir.join("tiny-labels-idx1-ubyte"), labels).unwrap();
    path
}

#[test]
fn an_image_model_is_explained_with_heatmaps_of_its_rows() {
    // Class 0 is bright on the left half and class 1 on the right: integrated gradients of the
    // predicted class must weigh the pixels of both halves, and the picture is a grid of the rows
    // above their heatmaps.
    let dir = scratch("layers_explain");
    let images = tiny_images(&dir, 64);
    let model = dir.join("cnn.safetensors");
    let layers = "conv2d(4, 3, padding=1), relu, flatten, linear(2)";
    ok(&[
        "train",
        &arg(&images),
        "--layers",
        layers,
        "--epochs",
        "6",
        "--batch-size",
        "16",
        "--out",
        &arg(&model),
        "-q",
    ]);
    let picture = dir.join("heat.svg");
    let out =
        downhill(&["explain", &arg(&model), &arg(&images), "--plot", &arg(&picture), "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["importance"].as_array().unwrap().len(), 64, "one column per pixel");
    let svg = std::fs::read_to_string(&picture).unwrap();
    assert!(svg.contains("row 1: ") && svg.contains("row 16: ") && !svg.contains("row 17: "), "16 tiles");
}

#[test]
fn images_are_scaled_by_one_mean_and_std_unless_told_otherwise() {
    // IDX images default to global-standard scaling (torchvision's Normalize with the training
    // pixels' mean and std); a table's columns to per-column standard; --scale overrides both.
    let dir = scratch("layers_image_scale");
    let images = tiny_images(&dir, 32);
    let scale_of = |data: &str, extra: &[&str], name: &str| {
        let model = dir.join(format!("{name}.safetensors"));
        let mut args = vec!["train", data, "--epochs", "1", "--out", model.to_str().unwrap(), "-q"];
        args.extend_from_slice(extra);
        ok(&args);
        let inspect = ok(&["inspect", &arg(&model)]);
        inspect.lines().find(|l| l.starts_with("preprocessing")).unwrap().to_owned()
    };
    let line = scale_of(&arg(&images), &["--layers", "flatten, linear(2)"], "image");
    assert!(line.contains("scale global-standard"), "{line}");
    let line = scale_of(&arg(&images), &["--layers", "flatten, linear(2)", "--scale", "minmax"], "told");
    assert!(line.contains("scale minmax"), "{line}");
    let iris = format!("{}/../../data/iris.csv", env!("CARGO_MANIFEST_DIR"));
    let line = scale_of(&iris, &["--target", "species"], "table");
    assert!(line.contains("scale standard"), "{line}");
}

const RESNET: &str = "conv2d(4, 3, padding=1), batch_norm2d, relu, \
    residual(conv2d(4, 3, padding=1), batch_norm2d, relu, conv2d(4, 3, padding=1), batch_norm2d), relu, \
    residual(conv2d(8, 3, stride=2, padding=1), batch_norm2d, relu, conv2d(8, 3, padding=1), batch_norm2d), relu, \
    adaptive_avg_pool2d(1), flatten, linear(2)";

#[test]
fn a_residual_cnn_trains_saves_loads_and_predicts() {
    let dir = scratch("layers_resnet");
    let images = tiny_images(&dir, 64);
    let model = dir.join("resnet.safetensors");
    let summary = ok(&[
        "train",
        &arg(&images),
        "--layers",
        RESNET,
        "--optimizer",
        "adam",
        "--lr",
        "0.01",
        "--batch-size",
        "16",
        "--epochs",
        "8",
        "--test-rows",
        "48..64",
        "--out",
        &arg(&model),
    ]);
    let accuracy: f64 = summary
        .split("accuracy ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("a test accuracy in:\n{summary}"));
    // Two classes told apart by which half is bright: a working CNN separates them.
    assert!(accuracy >= 0.9, "test accuracy {accuracy}:\n{summary}");
    let inspect = ok(&["inspect", &arg(&model)]);
    for part in ["input", "[1, 8, 8]", "layers.3", "residual(", "[8, 4, 4]", "linear(2)", "[2]"] {
        assert!(inspect.contains(part), "missing `{part}` in:\n{inspect}");
    }
    let predictions = ok(&["predict", &arg(&model), &arg(&images)]);
    assert_eq!(predictions.lines().count(), 65, "a header and one line per image");
    let evaluated = ok(&["evaluate", &arg(&model), &arg(&images)]);
    assert!(evaluated.contains("accuracy"), "{evaluated}");

    // Fine-tuning: start from the trained weights, keep the stem fixed.
    let tuned = dir.join("tuned.safetensors");
    let (images, model_arg) = (arg(&images), arg(&model));
    let base = ["train", &images, "--layers", RESNET, "--epochs", "1", "--init-from", &model_arg];
    let mut args = base.to_vec();
    args.extend(["--freeze", "layers.0,layers.1", "--out", tuned.to_str().unwrap()]);
    ok(&args);
    let e =
        error(&["train", &images, "--layers", "conv2d(2, 3), flatten, linear(2)", "--init-from", &model_arg]);
    assert!(e.contains("resnet.safetensors") && e.contains("layers.0.weight"), "{e}");
    let mut args = base.to_vec();
    args.extend(["--freeze", "layers.99"]);
    assert!(error(&args).contains("layers.99"));
}

#[test]
fn csv_rows_take_a_stack_and_an_input_shape() {
    let dir = scratch("layers_csv");
    let model = dir.join("m.safetensors");
    ok(&[
        "train",
        &data("tiny.csv"),
        "--target",
        "label",
        "--layers",
        "linear(8), gelu, layer_norm, dropout(0.1), linear(2)",
        "--epochs",
        "3",
        "--out",
        &arg(&model),
    ]);
    assert!(ok(&["inspect", &arg(&model)]).contains("layer_norm"));
    // tiny.csv gives 5 features (x1, x2 and three one-hot colours): here 5 channels of 1×1.
    let arch = dir.join("net.toml");
    std::fs::write(&arch, "input_shape = [5, 1, 1]\nlayers = \"conv2d(2, 1), flatten, linear(2)\"\n")
        .unwrap();
    ok(&["train", &data("tiny.csv"), "--target", "label", "--arch", &arg(&arch), "--epochs", "2"]);
}

#[test]
fn layers_help_lists_every_kind_from_its_table() {
    let help = ok(&["train", "--layers", "help"]);
    for part in [
        "conv2d(out_channels, kernel_size, stride=1, padding=0",
        "residual(layers...)",
        "leaky_relu(negative_slope=0.01)",
        "max_pool2d(kernel_size, stride=kernel_size",
    ] {
        assert!(help.contains(part), "missing `{part}` in:\n{help}");
    }
}

fn error(args: &[&str]) -> String {
    let out = downhill(args);
    assert!(!out.status.success(), "expected a failure for {args:?}");
    let err = stderr(&out);
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    err
}

#[test]
fn mistakes_in_a_stack_name_the_layer_its_position_and_the_fix() {
    let tiny = data("tiny.csv");
    let train = |layers: &str| error(&["train", &tiny, "--target", "label", "--layers", layers]);
    let e = train("linear(8), rellu, linear(2)");
    assert!(e.contains("rellu #2") && e.contains("known layers: linear"), "{e}");
    let e = train("linear(8, stride=2), linear(2)");
    assert!(
        e.contains("linear #1") && e.contains("`stride`") && e.contains("linear(out_features, bias=true)"),
        "{e}"
    );
    let e = train("conv2d(4)");
    assert!(e.contains("conv2d #1") && e.contains("kernel_size"), "{e}");
    let e = train("linear(8), conv2d(2, 3), linear(2)");
    assert!(e.contains("conv2d #2") && e.contains("[C, H, W]") && e.contains("[8]"), "{e}");
    // A binary classifier's network gives one logit per class.
    let e = train("linear(8), relu, linear(3)");
    assert!(e.contains("linear #3") && e.contains("linear(2)"), "{e}");
    let e = error(&[
        "train",
        &tiny,
        "--target",
        "label",
        "--layers",
        "conv2d(2, 3), flatten, linear(2)",
        "--input-shape",
        "5,1,1",
    ]);
    assert!(e.contains("conv2d #1") && e.contains("kernel 3"), "{e}");
    let e = error(&[
        "train",
        &tiny,
        "--target",
        "label",
        "--layers",
        "flatten, linear(2)",
        "--input-shape",
        "1,3,3",
    ]);
    assert!(e.contains("[1, 3, 3]") && e.contains("5 features"), "{e}");
    let e = error(&["train", &tiny, "--target", "label", "--layers", "linear(1)", "--hidden", "4"]);
    assert!(e.contains("--layers") && e.contains("--hidden"), "{e}");
    let e = error(&["train", &tiny, "--target", "label", "--layers", "linear(1)", "--model", "logistic"]);
    assert!(e.starts_with("error: --layers does not apply"), "{e}");
}

#[test]
fn recurrent_layers_are_listed_train_on_shaped_rows_and_refuse_bad_arguments() {
    let help = ok(&["train", "--layers", "help"]);
    for part in [
        "rnn(hidden_size, num_layers=1, nonlinearity='tanh', bias=true, dropout=0.0, bidirectional=false)",
        "lstm(hidden_size, num_layers=1, bias=true, dropout=0.0, bidirectional=false)",
        "gru(hidden_size, num_layers=1, bias=true, dropout=0.0, bidirectional=false)",
    ] {
        assert!(help.contains(part), "missing `{part}` in:\n{help}");
    }
    // tiny.csv's 5 feature columns read as a sequence of 5 steps of 1 feature.
    let (tiny, out) = (data("tiny.csv"), arg(&scratch("layers_recurrent").join("gru.safetensors")));
    let train = |layers: &str, shape: &str| {
        let mut args =
            vec!["train", &tiny, "--target", "label", "--layers", layers, "--epochs", "2", "--out", &out];
        args.extend(["--input-shape", shape].iter().filter(|_| !shape.is_empty()));
        args.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let args = train("gru(3, bidirectional=true), flatten, linear(2)", "5,1");
    ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let fails = |layers: &str, shape: &str| {
        error(&train(layers, shape).iter().map(String::as_str).collect::<Vec<_>>())
    };
    let e = fails("lstm(4), flatten, linear(2)", "");
    assert!(e.contains("lstm #1") && e.contains("[T, input_size]") && e.contains("[5]"), "{e}");
    let e = fails("lstm(0), flatten, linear(2)", "5,1");
    assert!(e.contains("lstm #1") && e.contains("hidden_size"), "{e}");
    let e = fails("rnn(4, nonlinearity='gelu'), flatten, linear(2)", "5,1");
    assert!(e.contains("rnn #1") && e.contains("'tanh', 'relu'"), "{e}");
    let e = fails("gru(4, dropout=-0.5), flatten, linear(2)", "5,1");
    assert!(e.contains("gru #1") && e.contains("[0, 1)"), "{e}");
}
