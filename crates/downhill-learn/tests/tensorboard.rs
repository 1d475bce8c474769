//! A training run's TensorBoard log read back byte by byte: every record's framing and both of
//! its CRCs, each event decoded, the scalars against the run's history, the histograms against
//! the trained weights and the epochs' gradient norms, and the hparams plugin's summaries.
//! (tools/refgen/tensorboard_check.py loads the same kind of files with TensorBoard's own reader.)
#![allow(clippy::unwrap_used)]
mod common;
use common::{prepared, temp_dir};
use downhill_learn::tensorboard::{
    hparams_of, read_records, Event, HParamsPluginData, HistogramProto, Histograms, Kind, PluginContent,
    RunLog, Status, TrainingLog, Value, What,
};
use downhill_learn::*;
use prost::Message;
use std::collections::BTreeMap;

/// (step, tag) → what was logged there.
type Logged = BTreeMap<(i64, String), Logged1>;

#[derive(Debug)]
enum Logged1 {
    Scalar(f32),
    Histogram(HistogramProto),
    Plugin(PluginContent),
}

fn read_back(path: &std::path::Path) -> (Vec<Event>, Logged) {
    let bytes = std::fs::read(path).unwrap();
    let records = read_records(&bytes).expect("every record whole, both CRCs right");
    let events: Vec<Event> = records.iter().map(|r| Event::decode(*r).unwrap()).collect();
    let mut logged = Logged::new();
    for e in &events[1..] {
        let Some(What::Summary(s)) = &e.what else { panic!("event {e:?} is not a summary") };
        for v in &s.value {
            let item = match (&v.value, &v.metadata) {
                (Some(Value::SimpleValue(x)), None) => Logged1::Scalar(*x),
                (Some(Value::Histo(h)), None) => Logged1::Histogram(h.clone()),
                (None, Some(m)) => {
                    let plugin = m.plugin_data.as_ref().unwrap();
                    assert_eq!(plugin.plugin_name, "hparams");
                    let data = HParamsPluginData::decode(&plugin.content[..]).unwrap();
                    assert_eq!(data.version, 0);
                    Logged1::Plugin(data.data.unwrap())
                }
                other => panic!("unexpected value {other:?}"),
            };
            assert!(logged.insert((e.step, v.tag.clone()), item).is_none(), "{} twice at {}", v.tag, e.step);
        }
    }
    (events, logged)
}

fn scalar(logged: &Logged, step: usize, tag: &str) -> f32 {
    match logged.get(&(step as i64, tag.to_string())) {
        Some(Logged1::Scalar(x)) => *x,
        other => panic!("{tag} at {step}: {other:?}"),
    }
}

#[test]
fn a_runs_log_reads_back_with_its_scalars_histograms_and_hparams() {
    let (x, y, _, _) = prepared("iris.csv", 0.0001, Task::Classification { classes: 3 }, 0);
    let mut p = MlpClassifier::default();
    p.shape.hidden = vec![8];
    p.train.batch_size = BatchSize::Rows(32);
    p.train.stopping = StoppingRules::epochs(6);
    p.train.validation_fraction = 0.2;
    let spec = EstimatorSpec::MlpClassifier(p);
    let hparams = hparams_of(&spec);
    let run = RunLog {
        hparams: hparams.clone(),
        metric: Some("accuracy".into()),
        validation: true,
        histograms: Histograms::Every(4),
        experiment: tensorboard::Experiment::ThisRun,
    };
    let dir = temp_dir("tensorboard");
    let mut log = TrainingLog::create(&dir, &run).unwrap();
    let trained = spec.fit_with(&x, &y, Hooks { progress: Some(&mut log), ..Hooks::default() }).unwrap();
    let path = log.finish(trained.history.stop.as_ref()).unwrap();
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "one event file");
    let (events, logged) = read_back(&path);
    assert_eq!(events[0].what, Some(What::FileVersion("brain.Event:2".into())));
    assert!(events.windows(2).all(|w| w[0].wall_time <= w[1].wall_time), "times never go back");

    // Scalars: the f32 nearest each figure of the history (so exactly equal), at its epoch.
    let h = &trained.history;
    assert_eq!(h.epochs.len(), 6);
    for r in &h.epochs {
        let e = r.epoch;
        assert_eq!(scalar(&logged, e, "loss/train"), r.train_loss as f32);
        assert_eq!(scalar(&logged, e, "loss/validation"), r.val_loss.unwrap() as f32);
        assert_eq!(scalar(&logged, e, "accuracy/validation"), r.val_metric.unwrap() as f32);
        assert_eq!(scalar(&logged, e, "learning_rate"), r.lr as f32);
        assert_eq!(scalar(&logged, e, "grad_norm/mean_gradient"), r.grad_norm as f32);
        for (layer, norm) in &r.layer_grad_norms {
            assert_eq!(scalar(&logged, e, &format!("grad_norm/{layer}")), *norm as f32);
        }
    }
    assert_eq!(h.epochs[0].layer_grad_norms.len(), 2, "layers.0 and layers.2 (the relu has no weights)");

    // Histograms after epochs 1 and 4 only, one per parameter for weights and for gradients.
    let model = trained.model.state_dict();
    let histograms: Vec<(i64, &str, &HistogramProto)> = logged
        .iter()
        .filter_map(|((s, t), v)| if let Logged1::Histogram(h) = v { Some((*s, &t[..], h)) } else { None })
        .collect();
    assert_eq!(
        histograms.len(),
        2 * 2 * model.len(),
        "{:?}",
        histograms.iter().map(|h| (h.0, h.1)).collect::<Vec<_>>()
    );
    for &(step, tag, hist) in &histograms {
        assert!(step == 1 || step == 4, "{tag} at {step}");
        let name = tag.split_once('/').unwrap().1;
        let n = model[name].numel() as f64;
        assert_eq!((hist.num, hist.bucket.iter().sum::<f64>()), (n, n), "{tag}: every value in one bucket");
        assert_eq!(hist.bucket.len(), hist.bucket_limit.len());
    }
    // The gradients are the epoch's mean gradient: their squares add up to grad_norm².
    for step in [1, 4] {
        let sq: f64 = histograms
            .iter()
            .filter(|h| h.0 == step && h.1.starts_with("gradients/"))
            .map(|h| h.2.sum_squares)
            .sum();
        let norm = h.epochs[step as usize - 1].grad_norm;
        assert!((sq.sqrt() - norm).abs() <= 1e-5 * norm, "epoch {step}: {} vs {norm}", sq.sqrt());
    }

    // hparams: the experiment and the session start before the first epoch, the end after the last.
    let Some(Logged1::Plugin(PluginContent::Experiment(e))) = logged.get(&(0, "_hparams_/experiment".into()))
    else {
        panic!("no experiment")
    };
    let names: Vec<&str> = e.hparam_infos.iter().map(|i| &i.name[..]).collect();
    for name in [
        "estimator",
        "optimizer.name",
        "optimizer.lr",
        "batch_size.rows",
        "stopping.max_epochs",
        "shape.hidden",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    let metrics: Vec<&str> = e.metric_infos.iter().map(|m| &m.name.as_ref().unwrap().tag[..]).collect();
    assert_eq!(metrics, ["loss/train", "loss/validation", "accuracy/validation"]);
    let Some(Logged1::Plugin(PluginContent::SessionStartInfo(s))) =
        logged.get(&(0, "_hparams_/session_start_info".into()))
    else {
        panic!("no session start")
    };
    assert_eq!(s.hparams["stopping.max_epochs"].kind, Some(Kind::NumberValue(6.0)));
    assert_eq!(s.hparams["estimator"].kind, Some(Kind::StringValue("mlp_classifier".into())));
    assert_eq!(s.hparams.len(), hparams.len());
    let Some(Logged1::Plugin(PluginContent::SessionEndInfo(end))) =
        logged.get(&(0, "_hparams_/session_end_info".into()))
    else {
        panic!("no session end")
    };
    assert_eq!(end.status, Status::Success as i32);
    std::fs::remove_dir_all(dir).unwrap();
}
