//! `downhill optimize --plot`: PNG and SVG files are written, non-empty, with a valid header, and a
//! path that cannot be written is a one-line error naming it.
use std::path::PathBuf;
use std::process::Command;

fn out_path(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("optimize_plot");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    path
}

fn plot(function: &str, path: &PathBuf) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_downhill"))
        .args(["optimize", "--function", function, "--optimizer", "sgd,momentum,adam:0.05", "--steps", "50"])
        .arg("--plot")
        .arg(path)
        .output()
        .expect("the binary runs")
}

#[test]
fn png_race_is_a_png() {
    let path = out_path("race.png");
    let out = plot("rosenbrock", &path);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 10_000 && bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{} bytes", bytes.len());
    // IHDR: width and height, big-endian, at bytes 16..24
    let (w, h) = (
        u32::from_be_bytes(bytes[16..20].try_into().unwrap()),
        u32::from_be_bytes(bytes[20..24].try_into().unwrap()),
    );
    assert_eq!((w, h), (1100, 850));
    assert!(String::from_utf8(out.stdout).unwrap().contains("adam:0.05"), "the table is still printed");
}

#[test]
fn svg_race_is_an_svg_with_text_and_paths() {
    let path = out_path("race.svg");
    let out = plot("himmelblau", &path);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("<svg") && text.trim_end().ends_with("</svg>"));
    assert!(text.contains("himmelblau") && text.contains("global minima") && text.contains("<polyline"));
}

#[test]
fn every_function_draws() {
    for f in
        ["beale", "booth", "rastrigin", "ackley", "saddle", "matyas", "three-hump-camel", "ill-conditioned"]
    {
        let path = out_path(&format!("{f}.png"));
        let out = plot(f, &path);
        assert!(out.status.success() && std::fs::metadata(&path).unwrap().len() > 10_000, "{f}");
    }
}

#[test]
fn an_unwritable_path_is_a_one_line_error() {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no/such/dir/race.png");
    let out = plot("booth", &path);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("error: ") && err.contains("race.png") && err.lines().count() == 1, "{err}");
}
