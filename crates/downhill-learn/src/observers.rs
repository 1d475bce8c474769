//! Several observers of one run (a progress bar and a TensorBoard log, say) as one `Progress`:
//! each hears every call, in order; the parameters are wanted when any of them wants them and are
//! handed to those that do.
use crate::{BatchEvent, EpochRecord, ParamSnapshot, Progress, Tensor};

/// Forwards every call to each of its observers.
pub struct Observers<'a>(pub Vec<&'a mut dyn Progress>);

impl std::fmt::Debug for Observers<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Observers({})", self.0.len())
    }
}

impl Progress for Observers<'_> {
    fn on_batch(&mut self, event: &BatchEvent) {
        self.0.iter_mut().for_each(|o| o.on_batch(event));
    }
    fn on_epoch(&mut self, record: &EpochRecord, max_epochs: usize) {
        self.0.iter_mut().for_each(|o| o.on_epoch(record, max_epochs));
    }
    fn on_samples(&mut self, epoch: usize, samples: &Tensor) {
        self.0.iter_mut().for_each(|o| o.on_samples(epoch, samples));
    }
    fn wants_parameters(&self, epoch: usize) -> bool {
        self.0.iter().any(|o| o.wants_parameters(epoch))
    }
    fn on_parameters(&mut self, epoch: usize, params: &[ParamSnapshot<'_>]) {
        for o in self.0.iter_mut().filter(|o| o.wants_parameters(epoch)) {
            o.on_parameters(epoch, params);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts what it hears; wants the parameters of even epochs.
    #[derive(Default)]
    struct Count {
        epochs: usize,
        snapshots: Vec<usize>,
    }

    impl Progress for Count {
        fn on_epoch(&mut self, _: &EpochRecord, _: usize) {
            self.epochs += 1;
        }
        fn wants_parameters(&self, epoch: usize) -> bool {
            epoch.is_multiple_of(2)
        }
        fn on_parameters(&mut self, epoch: usize, _: &[ParamSnapshot<'_>]) {
            self.snapshots.push(epoch);
        }
    }

    #[test]
    fn each_observer_hears_every_epoch_and_only_the_parameters_it_asked_for() {
        struct Quiet(usize);
        impl Progress for Quiet {
            fn on_epoch(&mut self, _: &EpochRecord, _: usize) {
                self.0 += 1;
            }
        }
        let (mut count, mut quiet) = (Count::default(), Quiet(0));
        let mut both = Observers(vec![&mut count, &mut quiet]);
        for epoch in 1..=3 {
            both.on_epoch(&EpochRecord::new(epoch, 1.0), 3);
            if both.wants_parameters(epoch) {
                both.on_parameters(epoch, &[]);
            }
        }
        assert!(!both.wants_parameters(3));
        drop(both);
        assert_eq!((count.epochs, quiet.0, count.snapshots), (3, 3, vec![2]));
    }
}
