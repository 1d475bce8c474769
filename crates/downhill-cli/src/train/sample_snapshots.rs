//! `train --model gan --sample-grid FILE`: the generator's samples from the same fixed codes after
//! every `--sample-every` epochs and after the last, kept for one picture with a row per snapshot
//! (the library hands over a snapshot every epoch: `Progress::on_samples`).
use downhill_learn::{BatchEvent, EpochRecord, Progress, Tensor};
use downhill_plot::ImageGrid;

pub struct SampleSnapshots<'a> {
    /// The progress reporter everything else goes to.
    pub inner: &'a mut dyn Progress,
    pub every: usize,
    pub max_epochs: usize,
    pub kept: Vec<(usize, Tensor)>,
}

impl Progress for SampleSnapshots<'_> {
    fn on_batch(&mut self, event: &BatchEvent) {
        self.inner.on_batch(event);
    }
    fn on_epoch(&mut self, record: &EpochRecord, max_epochs: usize) {
        self.inner.on_epoch(record, max_epochs);
    }
    fn on_samples(&mut self, epoch: usize, samples: &Tensor) {
        if epoch.is_multiple_of(self.every) || epoch == self.max_epochs {
            self.kept.push((epoch, samples.clone()));
        }
    }
}

/// One row of tiles per kept snapshot, titled with the epochs they follow.
pub fn snapshots_grid(kept: &[(usize, Tensor)], what: &str) -> ImageGrid {
    let columns = kept.first().map_or(1, |(_, s)| s.rows());
    let rows: Vec<&[f32]> = kept.iter().flat_map(|(_, s)| (0..s.rows()).map(|r| s.row(r))).collect();
    let epochs: Vec<String> = kept.iter().map(|(e, _)| e.to_string()).collect();
    crate::plot::samples_grid(
        format!("{what}: the same codes after epochs {}", epochs.join(", ")),
        &rows,
        columns,
    )
}
