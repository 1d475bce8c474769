//! `train --model vae` and `--model gan` end to end on the shipped digits (8 × 8 pixels, min-max scaled to [0, 1]):
//! the test negative ELBO in the summary and in `evaluate --format json`, `generate` as CSV, as a
//! grid of images and as a latent walk, and the bad options as one-line errors.
#![allow(clippy::unwrap_used)]
mod common;
use common::{arg, downhill, ok, scratch, stderr};
use serde_json::Value;

fn digits() -> String {
    format!("{}/../../data/digits.csv", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_vae_trains_evaluates_and_generates() {
    let dir = scratch("vae_digits");
    let model = arg(&dir.join("vae.safetensors"));
    let data = digits();
    let train = [
        "train",
        &data,
        "--model",
        "vae",
        "--target",
        "digit",
        "--scale",
        "minmax",
        "--layers",
        "linear(32), relu",
        "--latent",
        "4",
        "--epochs",
        "20",
        "--batch-size",
        "64",
        "--test-fraction",
        "0.2",
        "--out",
        &model,
    ];
    let summary = ok(&train);
    assert!(summary.contains("neg_elbo"), "{summary}");
    let doc: Value = serde_json::from_str(&ok(&["evaluate", &model, &data, "--format", "json"])).unwrap();
    let nats = doc["neg_elbo"].as_f64().unwrap();
    // A decoder that says p = ½ for every pixel costs 64·ln 2 = 44.4 nats per image; 20 epochs
    // of training bring it well below (about 25 here).
    assert!(nats > 0.0 && nats < 40.0, "{doc}");
    let csv = ok(&["generate", &model, "--samples", "3"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!((lines.len(), lines[0].split(',').count()), (4, 65), "{csv}");
    let probabilities =
        lines[1..].iter().flat_map(|l| l.split(',').skip(1)).map(|v| v.parse::<f64>().unwrap());
    assert!(probabilities.clone().all(|p| (0.0..=1.0).contains(&p)));
    let grid = dir.join("samples.svg");
    ok(&["generate", &model, "--samples", "16", "--plot", &arg(&grid)]);
    // 16 tiles of 8 × 8 pixels, and the background.
    assert_eq!(std::fs::read_to_string(&grid).unwrap().matches("<rect").count(), 16 * 64 + 1);
    let walk = ok(&["generate", &model, "--interpolate", "0,1", "--data", &data]);
    assert_eq!(walk.lines().count(), 11);
    for (args, wanted) in [
        (
            vec!["train", &data, "--model", "vae", "--target", "digit", "--latent", "0"],
            vec!["--latent", ">= 1"],
        ),
        (
            vec!["train", &data, "--model", "mlp", "--target", "digit", "--latent", "3"],
            vec!["--latent", "vae"],
        ),
        (
            vec![
                "train",
                &data,
                "--model",
                "vae",
                "--target",
                "digit",
                "--layers",
                "linear(8), conv2d(2, 3)",
            ],
            vec!["conv2d", "dense encoder"],
        ),
        (
            vec!["train", &data, "--model", "vae", "--target", "digit", "--scale", "standard"],
            vec!["row 1, column 2: -0.33", "outside [0, 1]", "--scale minmax"],
        ),
        (
            vec!["generate", &model, "--interpolate", "0,5000", "--data", &data],
            vec!["--interpolate", "rows 0 to 1796"],
        ),
        (vec!["generate", &model, "--samples", "0"], vec!["--samples"]),
        (vec!["generate", &model, "--temperature", "0.8"], vec!["--temperature", "VAE", "language models"]),
        (vec!["generate", &model, "--prompt", "x"], vec!["--prompt", "draws rows"]),
    ] {
        let out = downhill(&args);
        let e = stderr(&out);
        assert!(!out.status.success() && e.trim_end().lines().count() == 1, "{args:?}: {e}");
        assert!(wanted.iter().all(|w| e.contains(w)), "{args:?}: {e}");
    }
}

#[test]
fn a_gan_trains_and_its_generator_draws_rows() {
    let dir = scratch("gan_digits");
    let model = arg(&dir.join("gan.safetensors"));
    let data = digits();
    let small = [
        "--generator",
        "linear(32), batch_norm1d, leaky_relu(0.2), linear, sigmoid",
        "--discriminator",
        "linear(32), leaky_relu(0.2), dropout(0.3), linear(1)",
        "--latent",
        "8",
    ];
    let train =
        [&["train", &data, "--model", "gan", "--target", "digit", "--scale", "minmax"][..], &small[..]]
            .concat();
    let snapshots = dir.join("snapshots.svg");
    let during = ["--sample-grid", &arg(&snapshots), "--sample-every", "2"];
    let summary = ok(&[&train[..], &["--epochs", "3", "--out", &model], &during[..]].concat());
    assert!(summary.contains("epoch 3") || summary.contains("3 epochs"), "{summary}");
    assert!(summary.contains(&arg(&snapshots)), "the summary names the picture: {summary}");
    let picture = std::fs::read_to_string(&snapshots).unwrap();
    assert!(picture.contains("the same codes after epochs 2, 3"), "a row after epoch 2 and after the last");
    let csv = ok(&["generate", &model, "--samples", "5", "--seed", "2"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!((lines.len(), lines[0].split(',').count()), (6, 65), "{csv}");
    assert_eq!(csv, ok(&["generate", &model, "--samples", "5", "--seed", "2"]), "a seed draws the same rows");
    let grid = dir.join("gan.svg");
    ok(&["generate", &model, "--samples", "8", "--plot", &arg(&grid)]);
    assert!(std::fs::read_to_string(&grid).unwrap().contains("generator"));
    for (extra, wanted) in [
        (vec!["--discriminator", "linear(2)"], vec!["discriminator", "linear(1)"]),
        (vec!["--hidden", "8"], vec!["--hidden", "--model mlp"]),
        (vec!["--sample-grid", "s.png", "--sample-every", "0"], vec!["--sample-every", ">= 1"]),
    ] {
        let mut args: Vec<&str> =
            vec!["train", &data, "--model", "gan", "--target", "digit", "--epochs", "1"];
        args.extend(extra);
        let out = downhill(&args);
        let e = stderr(&out);
        assert!(!out.status.success() && e.trim_end().lines().count() == 1, "{args:?}: {e}");
        assert!(wanted.iter().all(|w| e.contains(w)), "{args:?}: {e}");
    }
    let out = downhill(&["train", &data, "--target", "digit", "--sample-grid", "s.png"]);
    assert!(stderr(&out).contains("--sample-grid draws a GAN's samples"), "{}", stderr(&out));
    let out = downhill(&["generate", &model, "--interpolate", "0,1", "--data", &data]);
    assert!(stderr(&out).contains("variational autoencoder"), "{}", stderr(&out));
}
