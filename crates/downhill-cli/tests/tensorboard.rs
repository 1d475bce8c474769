//! `--tensorboard DIR` end to end: the event files of `train`, `compare` and `tune` read back
//! (every record's CRCs checked, each event decoded) and laid out as TensorBoard expects: one run
//! per directory, the hparams experiment once, the scalars matching the per-epoch CSV.
#![allow(clippy::unwrap_used)]
mod common;
use common::{arg, data, downhill, scratch, stderr, stdout};
use downhill_learn::tensorboard::{read_events, Event, HistogramProto, PluginContent, Value, What};
use std::path::Path;
use std::process::Output;

/// `downhill COMMAND tiny3.csv --target kind FLAGS` (split at spaces), then each flag with its path.
fn on_tiny3(command: &str, flags: &str, paths: &[(&str, &Path)]) -> Output {
    let (tiny3, paths): (String, Vec<(&str, String)>) =
        (data("tiny3.csv"), paths.iter().map(|(f, p)| (*f, arg(p))).collect());
    let mut args = vec![command, &tiny3, "--target", "kind"];
    args.extend(flags.split_whitespace());
    args.extend(paths.iter().flat_map(|(f, p)| [*f, p.as_str()]));
    downhill(&args)
}

/// The events of the one event file directly in `dir`.
fn events_in(dir: &Path) -> Vec<Event> {
    let files: Vec<_> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    assert_eq!(files.len(), 1, "one event file in {}: {files:?}", dir.display());
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("events.out.tfevents."), "{name}");
    let events = read_events(&files[0]).unwrap();
    assert_eq!(events[0].what, Some(What::FileVersion("brain.Event:2".into())));
    events
}

/// Every (step, tag, value) summarised in `events`.
fn values(events: &[Event]) -> Vec<(i64, String, &downhill_learn::tensorboard::SummaryValue)> {
    let mut out = Vec::new();
    for e in events {
        if let Some(What::Summary(s)) = &e.what {
            out.extend(s.value.iter().map(|v| (e.step, v.tag.clone(), v)));
        }
    }
    out
}

fn scalars(events: &[Event], tag: &str) -> Vec<(i64, f32)> {
    let pick = |(step, t, v): (i64, String, &downhill_learn::tensorboard::SummaryValue)| match &v.value {
        Some(Value::SimpleValue(x)) if t == tag => Some((step, *x)),
        _ => None,
    };
    values(events).into_iter().filter_map(pick).collect()
}

fn plugin(events: &[Event], tag: &str) -> PluginContent {
    let found = values(events).into_iter().find(|(_, t, _)| t == tag);
    found.and_then(|(_, _, v)| v.hparams()).unwrap_or_else(|| panic!("no {tag}"))
}

fn subdirs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn train_logs_scalars_histograms_and_hparams_into_dir() {
    let dir = scratch("tensorboard_train");
    let (board, csv) = (dir.join("runs"), dir.join("epochs.csv"));
    let out = on_tiny3(
        "train",
        "--hidden 4 --epochs 4 --batch-size 8 --validation-fraction 0.25 --tol none --tensorboard-histograms 2",
        &[("--out", &dir.join("m.safetensors")), ("--metrics", &csv), ("--tensorboard", &board)],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(&arg(&board)), "the summary names DIR: {}", stdout(&out));
    let events = events_in(&board);
    // The training losses are the CSV's (printed to 6 significant digits there).
    let csv = std::fs::read_to_string(&csv).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == "train_loss").unwrap();
    let from_csv: Vec<f64> =
        csv.lines().skip(1).map(|l| l.split(',').nth(col).unwrap().parse().unwrap()).collect();
    let logged = scalars(&events, "loss/train");
    assert_eq!(logged.iter().map(|s| s.0).collect::<Vec<_>>(), [1, 2, 3, 4]);
    for ((_, x), want) in logged.iter().zip(&from_csv) {
        assert!((f64::from(*x) - want).abs() <= 1e-5 * want.abs(), "{x} vs {want}");
    }
    for tag in ["loss/validation", "accuracy/validation", "learning_rate", "grad_norm/layers.0"] {
        assert_eq!(scalars(&events, tag).len(), 4, "{tag} every epoch");
    }
    // Histograms after epochs 1, 2 and 4: weights and gradients of 4 parameters each.
    let histograms: Vec<(i64, String, &HistogramProto)> = values(&events)
        .into_iter()
        .filter_map(|(s, t, v)| match &v.value {
            Some(Value::Histo(h)) => Some((s, t, h)),
            _ => None,
        })
        .collect();
    assert_eq!(histograms.len(), 3 * 2 * 4);
    let first_layer = histograms.iter().find(|h| h.1 == "weights/layers.0.weight").unwrap();
    assert_eq!((first_layer.0, first_layer.2.num, first_layer.2.bucket.iter().sum::<f64>()), (1, 8.0, 8.0));
    let PluginContent::SessionStartInfo(start) = plugin(&events, "_hparams_/session_start_info") else {
        panic!()
    };
    assert!(start.hparams.contains_key("optimizer.lr") && start.hparams.contains_key("shape.hidden"));
    assert!(matches!(plugin(&events, "_hparams_/experiment"), PluginContent::Experiment(_)));
    assert!(matches!(plugin(&events, "_hparams_/session_end_info"), PluginContent::SessionEndInfo(_)));
}

#[test]
fn compare_and_tune_log_one_run_per_configuration_under_one_experiment() {
    let dir = scratch("tensorboard_sets");
    let board = dir.join("compare");
    let flags = "--optimizers sgd:0.1,adam:0.01 --batch-sizes 8 --epochs 3";
    let out = on_tiny3("compare", flags, &[("--tensorboard", &board)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(subdirs(&board), ["adam_lr_0.01_batch_8", "sgd_lr_0.1_batch_8"]);
    let PluginContent::Experiment(e) = plugin(&events_in(&board), "_hparams_/experiment") else { panic!() };
    let optimizer = e.hparam_infos.iter().find(|h| h.name == "optimizer.name").unwrap();
    assert!(optimizer.differs, "sgd and adam");
    for run in subdirs(&board) {
        let events = events_in(&board.join(&run));
        assert_eq!(scalars(&events, "loss/train").len(), 3, "{run}");
        assert!(
            values(&events).iter().all(|(_, t, _)| t != "_hparams_/experiment"),
            "the experiment is DIR's"
        );
    }

    let board = dir.join("tune");
    let flags = "--optimizer adam --epochs 2 --space lr=choice(0.01,0.1) --strategy grid --jobs 1 --quiet";
    let out = on_tiny3("tune", flags, &[("--out", &dir.join("best.safetensors")), ("--tensorboard", &board)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(subdirs(&board), ["trial_0_lr_0.01", "trial_1_lr_0.1"]);
    let PluginContent::SessionStartInfo(s) =
        plugin(&events_in(&board.join("trial_1_lr_0.1")), "_hparams_/session_start_info")
    else {
        panic!()
    };
    assert_eq!(s.hparams["optimizer.lr"].kind, Some(downhill_learn::tensorboard::Kind::NumberValue(0.1)));
}

#[test]
fn a_file_in_the_way_is_one_line_naming_it() {
    let dir = scratch("tensorboard_bad");
    let file = dir.join("taken");
    std::fs::write(&file, "x").unwrap();
    let model = dir.join("m.safetensors");
    for board in [file.clone(), file.join("below")] {
        let out = on_tiny3("train", "", &[("--out", &model), ("--tensorboard", &board)]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("--tensorboard") && err.contains(&arg(&board)), "{err}");
    }
    let out = on_tiny3("train", "--tensorboard-histograms 2", &[("--out", &model)]);
    assert!(stderr(&out).contains("--tensorboard"), "the cadence needs a directory: {}", stderr(&out));
    assert!(!model.exists(), "nothing trained");
}
