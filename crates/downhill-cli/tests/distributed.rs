//! `mpirun -np 2 downhill train ... --distributed` end to end, with the `mpi` feature only
//! (`cargo test -p downhill-cli --features mpi --test distributed`; `.ci/run` installs OpenMPI):
//! 2 ranks of batch B take the steps of one process of batch 2B; ranks reading different files
//! stop with an error naming both; a rank that is killed or panics ends the run within seconds.
#![cfg(feature = "mpi")]
#![allow(clippy::unwrap_used)]
mod common;
use common::{arg, scratch};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

fn digits() -> String {
    format!("{}/../../data/digits.csv", env!("CARGO_MANIFEST_DIR"))
}

/// mpirun with `ranks` copies of `args` (root may run it: CI does). Each gets its own session
/// directory: two mpiruns starting at once race to create the shared one under /tmp and one fails.
fn mpirun(ranks: usize) -> Command {
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let session = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("ompi-{}-{run}", std::process::id()));
    std::fs::create_dir_all(&session).unwrap();
    let mut c = Command::new("mpirun");
    c.args(["--oversubscribe", "-np", &ranks.to_string()])
        .env("OMPI_MCA_orte_tmpdir_base", &session)
        .env("OMPI_ALLOW_RUN_AS_ROOT", "1")
        .env("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Waits at most `limit` for `child`; a run still going then is a hang, and fails the test.
fn wait_within(child: &mut Child, limit: Duration) -> ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("still running after {limit:?}: the ranks hang");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn output_within(mut command: Command, limit: Duration) -> (ExitStatus, String) {
    let mut child = command.spawn().expect("mpirun runs");
    let status = wait_within(&mut child, limit);
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    (status, err)
}

/// The first 160 digits (the rest are test rows), Adam, no dropout: `batch` rows per step
/// (callers add `--epochs`).
fn train_args(model: &str, batch: usize) -> Vec<String> {
    let data = digits();
    let args = [
        "train",
        &data,
        "--target",
        "digit",
        "--model",
        "mlp",
        "--hidden",
        "16",
        "--optimizer",
        "adam",
        "--lr",
        "0.01",
        "--batch-size",
        &batch.to_string(),
        "--tol",
        "none",
        "--test-rows",
        "160..1797",
        "--out",
        model,
    ];
    args.iter().map(|s| s.to_string()).collect()
}

fn weights(path: &std::path::Path) -> Vec<(String, Vec<f32>)> {
    let (model, _) = downhill_learn::load_model(path).unwrap();
    model.state_dict().into_iter().map(|(k, v)| (k, v.data().to_vec())).collect()
}

#[test]
fn two_ranks_of_batch_8_reach_the_weights_of_one_process_of_batch_16_after_20_steps() {
    // 160 rows, 2 epochs of 10 steps. Within 1e-5 relative: the ranks' sums are summed again by
    // MPI, a different order of the same additions.
    let dir = scratch("distributed_equivalence");
    let (one, two) = (dir.join("one.safetensors"), dir.join("two.safetensors"));
    let out = Command::new(env!("CARGO_BIN_EXE_downhill"))
        .args(train_args(&arg(&one), 16))
        .args(["--epochs", "2"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut run = mpirun(2);
    run.arg(env!("CARGO_BIN_EXE_downhill")).args(train_args(&arg(&two), 8)).args([
        "--epochs",
        "2",
        "--distributed",
    ]);
    let (status, err) = output_within(run, Duration::from_secs(120));
    assert!(status.success(), "{err}");
    let (a, b) = (weights(&one), weights(&two));
    assert_eq!(a.len(), b.len());
    let mut worst = 0.0f32;
    for ((name, a), (_, b)) in a.iter().zip(&b) {
        for (x, y) in a.iter().zip(b) {
            worst = worst.max((x - y).abs() / x.abs().max(1e-3));
        }
        assert!(worst < 1e-5, "{name}: relative gap {worst}");
    }
    // And not the run a rank would make alone, with its own batch of 8 over every row.
    let alone = dir.join("alone.safetensors");
    let out = Command::new(env!("CARGO_BIN_EXE_downhill"))
        .args(train_args(&arg(&alone), 8))
        .args(["--epochs", "2"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pairs = weights(&alone).into_iter().zip(b).flat_map(|((_, a), (_, b))| a.into_iter().zip(b));
    let gap = pairs.map(|(x, y)| (x - y).abs()).fold(0.0f32, f32::max);
    assert!(gap > 1e-2, "batch 8 alone is another run: gap {gap}");
}

#[test]
fn a_distributed_run_resumed_from_rank_0_s_checkpoint_ends_where_the_whole_run_does() {
    // 4 epochs with a checkpoint after the third, then the same command resumed from it: every
    // rank loads the checkpoint rank 0 wrote. Exact: the same steps from the same state.
    let dir = scratch("distributed_resume");
    let (whole, resumed, ckpt) =
        (dir.join("whole.safetensors"), dir.join("resumed.safetensors"), arg(&dir.join("ckpt.safetensors")));
    for (out, resume) in [(&whole, None), (&resumed, Some(ckpt.as_str()))] {
        let mut run = mpirun(2);
        run.arg(env!("CARGO_BIN_EXE_downhill")).args(train_args(&arg(out), 8));
        run.args(["--epochs", "4", "--checkpoint-every", "3", "--checkpoint", &ckpt, "--distributed"]);
        run.args(resume.map(|r| ["--resume", r]).into_iter().flatten());
        let (status, err) = output_within(run, Duration::from_secs(120));
        assert!(status.success(), "{err}");
    }
    assert_eq!(weights(&whole), weights(&resumed));
}

#[test]
fn ranks_that_read_files_with_different_headers_stop_naming_both() {
    let dir = scratch("distributed_headers");
    let (a, b) = (dir.join("a.csv"), dir.join("b.csv"));
    let rows: String = (0..40).map(|i| format!("{},{},{}\n", i % 7, i % 5, i % 2)).collect();
    std::fs::write(&a, format!("x,y,label\n{rows}")).unwrap();
    std::fs::write(&b, format!("x,z,label\n{rows}")).unwrap();
    let rank = |file: &std::path::Path| {
        let f = arg(file);
        let out = arg(&dir.join("m.safetensors"));
        [
            env!("CARGO_BIN_EXE_downhill"),
            "train",
            &f,
            "--target",
            "label",
            "--epochs",
            "2",
            "--out",
            &out,
            "--distributed",
        ]
        .map(String::from)
    };
    // MPMD: rank 0 reads a.csv, rank 1 reads b.csv.
    let mut run = mpirun(1);
    run.args(rank(&a)).args([":", "-np", "1"]).args(rank(&b));
    let (status, err) = output_within(run, Duration::from_secs(60));
    assert!(!status.success());
    assert!(
        err.contains("rank 1 has data 40 training rows of columns [x,z]")
            && err.contains("but rank 0 has 40 training rows of columns [x,y]")
            && err.contains("every rank must read the same data"),
        "{err}"
    );
    assert!(!dir.join("m.safetensors").exists(), "nothing is written");
}

/// The pids of `parent`'s children (from /proc).
fn children(parent: u32) -> Vec<u32> {
    let mut pids = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
        let after = &stat[stat.rfind(')').unwrap() + 2..];
        if after.split(' ').nth(1).and_then(|p| p.parse::<u32>().ok()) == Some(parent) {
            pids.push(pid);
        }
    }
    pids
}

#[test]
fn a_rank_that_is_killed_ends_the_run_within_seconds() {
    let dir = scratch("distributed_kill");
    let out = arg(&dir.join("m.safetensors"));
    let mut run = mpirun(2);
    let data = digits();
    run.args([env!("CARGO_BIN_EXE_downhill"), "train", &data, "--target", "digit", "--model", "mlp"]).args([
        "--epochs",
        "100000",
        "--tol",
        "none",
        "--batch-size",
        "8",
        "--out",
        &out,
        "--distributed",
    ]);
    let mut child = run.spawn().unwrap();
    // Both ranks are up once mpirun has two children; give them a moment to reach training.
    let started = Instant::now();
    let ranks = loop {
        let ranks = children(child.id());
        if ranks.len() >= 2 || started.elapsed() > Duration::from_secs(30) {
            break ranks;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(ranks.len() >= 2, "mpirun started {ranks:?}");
    std::thread::sleep(Duration::from_secs(2));
    Command::new("kill").args(["-9", &ranks[1].to_string()]).status().unwrap();
    let killed = Instant::now();
    let status = wait_within(&mut child, Duration::from_secs(30));
    assert!(!status.success(), "mpirun reports the failure");
    assert!(killed.elapsed() < Duration::from_secs(15), "took {:?}", killed.elapsed());
    assert!(!dir.join("m.safetensors").exists(), "the interrupted run wrote no model");
}

/// Entry point of the ranks that `a_rank_that_panics_aborts_every_rank` starts under mpirun: with
/// `DOWNHILL_MPI_CHILD` set, rank 1 panics while rank 0 waits in a collective for it. Run alone
/// (the variable unset) it returns at once.
#[test]
fn mpi_child_rank() {
    if std::env::var_os("DOWNHILL_MPI_CHILD").is_none() {
        return;
    }
    use downhill_learn::distributed::{Collective, MpiWorld};
    let world = MpiWorld::init().unwrap();
    if world.rank() == 1 {
        panic!("rank 1 fails on purpose");
    }
    world.sum_f32(&mut [1.0]); // waits for rank 1 forever, unless the panic aborts the job
}

#[test]
fn a_rank_that_panics_aborts_every_rank() {
    let mut run = mpirun(2);
    run.env("DOWNHILL_MPI_CHILD", "1").arg(std::env::current_exe().unwrap()).args([
        "--exact",
        "mpi_child_rank",
        "--nocapture",
        "--test-threads",
        "1",
    ]);
    let started = Instant::now();
    let (status, err) = output_within(run, Duration::from_secs(30));
    assert!(!status.success());
    assert!(err.contains("rank 1 fails on purpose"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(20), "took {:?}", started.elapsed());
}
