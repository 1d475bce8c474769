//! A streamed run interrupted mid-pass and resumed from its last checkpoint ends with the
//! parameters and epoch records of the uninterrupted run, bit for bit: the checkpoint holds the
//! place in the pass (pass_position.rs) and resuming replays the pass's seeded shuffle up to it.
//! Dropout and Adam make every step depend on the step counter and the optimizer state too.
use downhill_data::{
    fit_stream, Delimiter, MissingPolicy, PreprocessOptions, RowSplit, Scale, StreamOptions, TaskChoice,
};
use downhill_learn::{
    BatchEvent, BatchSize, CheckpointPolicy, EstimatorSpec, Hooks, MlpClassifier, Progress, StopReason,
    StoppingRules, Trained,
};
use downhill_nn::Module;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Sets the stop flag (as Ctrl-C does) after batch `batch` of epoch `epoch`.
struct StopAt {
    flag: Arc<AtomicBool>,
    epoch: usize,
    batch: usize,
}

impl Progress for StopAt {
    fn on_batch(&mut self, e: &BatchEvent) {
        if (e.epoch, e.batch) == (self.epoch, self.batch) {
            self.flag.store(true, Ordering::Relaxed);
        }
    }
}

fn params(trained: &mut Trained) -> Vec<Vec<f32>> {
    trained.model.net_mut().params().iter().map(|p| p.value.data().to_vec()).collect()
}

#[test]
fn an_interrupted_stream_resumes_where_it_stopped_bit_for_bit() {
    let dir = std::env::temp_dir().join(format!("downhill-stream-resume-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (data, ckpt) = (dir.join("d.csv"), dir.join("run.ckpt.safetensors"));
    let mut text = String::from("a,b,c,y\n");
    for i in 0..600 {
        let (a, b, c) = ((i % 17) as f32 * 0.3, ((i * 7) % 11) as f32 - 5.0, (i % 5) as f32);
        text.push_str(&format!("{a},{b},{c},{}\n", usize::from(a + 0.2 * b > 2.0) + usize::from(c > 3.0)));
    }
    std::fs::write(&data, text).unwrap();
    let options = StreamOptions {
        path: data,
        format: None,
        feature_hash: None,
        target: "y".into(),
        task: TaskChoice::Auto,
        preprocess: PreprocessOptions { scale: Some(Scale::Standard), missing: MissingPolicy::Error },
        delimiter: Delimiter::Auto,
        categorical: Vec::new(),
        split: RowSplit::default(),
        fit_rows: None,
        row_cache: true,
    };
    let fit = fit_stream(&options).unwrap();
    let mut p = MlpClassifier::default();
    p.shape.hidden = vec![8];
    p.shape.dropout = 0.2;
    p.train.batch_size = BatchSize::Rows(16); // 38 steps a pass: 37 of 16 rows and one of 8
    p.train.stopping = StoppingRules::epochs(2);
    let spec = EstimatorSpec::MlpClassifier(p);
    let mut whole = spec.fit_stream(&fit, 40, Hooks::default()).unwrap();
    // Stopped after steps 30 (epoch 1) and 48 (epoch 2, batch 10); the checkpoints every 7 steps
    // before them were written after steps 28 and 42, mid-pass both.
    for (epoch, batch) in [(1, 30), (2, 10)] {
        let flag = Arc::new(AtomicBool::new(false));
        let mut stop = StopAt { flag: flag.clone(), epoch, batch };
        let policy = CheckpointPolicy { every: 7, path: ckpt.clone() };
        let hooks = Hooks {
            progress: Some(&mut stop),
            stop: Some(flag),
            checkpoint: Some(policy),
            ..Hooks::default()
        };
        let cut = spec.fit_stream(&fit, 40, hooks).unwrap();
        assert!(matches!(cut.history.stop, Some(StopReason::Interrupted { .. })), "{:?}", cut.history.stop);
        let mut resumed =
            spec.fit_stream(&fit, 40, Hooks { resume: Some(ckpt.clone()), ..Hooks::default() }).unwrap();
        // Exact: the same steps on the same batches in the same order.
        assert_eq!(params(&mut resumed), params(&mut whole), "stopped at epoch {epoch}, batch {batch}");
        let losses =
            |t: &Trained| t.history.epochs.iter().map(|r| r.train_loss.to_bits()).collect::<Vec<_>>();
        assert_eq!(losses(&resumed), losses(&whole));
    }
    // A checkpoint of other settings is refused, naming the difference.
    let mut other = MlpClassifier::default();
    other.shape.hidden = vec![8];
    let err = EstimatorSpec::MlpClassifier(other)
        .fit_stream(&fit, 40, Hooks { resume: Some(ckpt), ..Hooks::default() })
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("cannot resume") && err.contains("`params.shape.dropout` (0.2 there, 0.0 now)"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
