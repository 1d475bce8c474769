//! `downhill-bench`: the Rust side of the comparison harness (`python3 bench/run.py` drives it).
//! Each subcommand runs one task once in a fresh process and prints one JSON object on stdout, so
//! the harness can alternate it with the Python peer and read peak RSS from `wait4`:
//!   mlp        MNIST MLP 784-256-128-10 through `MlpClassifier` (task a, e)
//!   optim      one optimizer step on N parameters through `Optimizer::step` (task b)
//!   bandwidth  the streaming floor: the optimizers' memory traffic with no arithmetic (task b)
//!   peak       the FMA roof: f32 FLOP/s on one thread and on every core (the FLOP floors)
//!   logreg     one epoch of `LogisticRegression` on the harness's 1M x 100 file (task c)
//!   idle       nothing: the RSS of the process itself
mod args;
mod bandwidth;
mod denormals;
mod logreg;
mod mlp;
mod mnist;
mod optim_step;
mod peak;

use args::Args;

fn main() {
    let mut argv = std::env::args().skip(1);
    let command = argv.next().unwrap_or_default();
    let args = match Args::parse(argv) {
        Ok(a) => a,
        Err(e) => fail(&e),
    };
    match args.get("flush-denormals", 0u8) {
        Ok(0) => {}
        Ok(1) => denormals::flush_to_zero(),
        _ => fail("--flush-denormals takes 0 or 1"),
    }
    let result = match command.as_str() {
        "mlp" => mlp::run(&args),
        "optim" => optim_step::run(&args),
        "bandwidth" => bandwidth::run(&args),
        "peak" => peak::run(&args),
        "logreg" => logreg::run(&args),
        "idle" => Ok(serde_json::json!({})),
        _ => Err(format!("unknown command `{command}`: use mlp, optim, bandwidth, peak, logreg or idle")),
    };
    match result {
        Ok(mut json) => {
            json["peak_rss"] = serde_json::json!(peak_rss());
            println!("{json}")
        }
        Err(e) => fail(&e),
    }
}

/// This process's peak resident set in bytes: `VmHWM` of /proc/self/status (0 where there is none).
/// Not `getrusage`: its `ru_maxrss` also counts the parent's pages from before `exec`.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
    kib.unwrap_or(0) * 1024
}

fn fail(message: &str) -> ! {
    eprintln!("downhill-bench: {message}");
    std::process::exit(2)
}
