//! Ctrl-C during training: the first press raises the training loop's stop flag, so the run ends
//! after the current batch and the model is still written; a second press exits at once (130).
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// The stop flag, wired to Ctrl-C. There is one per process, wired once (a second handler cannot be
/// installed): every run of a command, such as each of `--restarts`, reads the same press, and a
/// run started after it stops after its first batch. If no handler can be installed the flag
/// still works, it is just never raised by Ctrl-C.
pub fn stop_flag() -> Arc<AtomicBool> {
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    let flag = FLAG.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(false));
        let handler_flag = Arc::clone(&flag);
        let _ = ctrlc::set_handler(move || {
            if handler_flag.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
            eprintln!(
                "\ninterrupted: stopping after this batch and saving the model (Ctrl-C again to quit now)"
            );
        });
        flag
    });
    Arc::clone(flag)
}
