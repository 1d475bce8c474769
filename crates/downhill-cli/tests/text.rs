//! Character-level language models end to end on a small text (the first 6,000 characters of
//! tinyshakespeare): train a bigram `embedding(16), linear`, evaluate it in JSON, generate from it,
//! and every bad input's one-line error.
#![allow(clippy::unwrap_used)]
mod common;
use common::{data, downhill, scratch};
use serde_json::Value;
use std::collections::HashMap;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[track_caller]
fn one_line_error(args: &[&str], wanted: &[&str]) {
    let out = downhill(args);
    let e = stderr(&out);
    assert!(!out.status.success(), "{args:?} should fail");
    assert_eq!(e.trim_end().lines().count(), 1, "one line: {e}");
    assert!(wanted.iter().all(|w| e.contains(w)), "{args:?}: {e}");
}

/// Entropy (nats) of the characters of the last 10 % under the training part's character
/// frequencies, add-one smoothed: what a model that ignores context (a unigram) scores at best.
fn unigram_nats(text: &str) -> f64 {
    let chars: Vec<char> = text.chars().collect();
    let cut = chars.len() * 9 / 10;
    let mut counts: HashMap<char, f64> = HashMap::new();
    chars.iter().for_each(|c| *counts.entry(*c).or_default() += 0.0);
    chars[..cut].iter().for_each(|c| *counts.entry(*c).or_default() += 1.0);
    let total: f64 = counts.values().map(|n| n + 1.0).sum();
    let val = &chars[cut..];
    val.iter().map(|c| -((counts[c] + 1.0) / total).ln()).sum::<f64>() / val.len() as f64
}

/// The `val_loss` of the last row of a `--metrics` CSV.
fn last_val_loss(rows: &str) -> f64 {
    let last: Vec<&str> = rows.lines().last().unwrap().split(',').collect();
    let header: Vec<&str> = rows.lines().next().unwrap().split(',').collect();
    last[header.iter().position(|h| *h == "val_loss").unwrap()].parse().unwrap()
}

#[test]
fn a_bigram_model_trains_evaluates_and_generates() {
    let dir = scratch("text_bigram");
    let (text_path, model) = (data("shakespeare_6k.txt"), dir.join("lm.safetensors"));
    let metrics = dir.join("rounds.csv");
    let out = downhill(&[
        "train",
        &text_path,
        "--layers",
        "embedding(16), linear",
        "--context",
        "16",
        "--steps",
        "300",
        "--eval-interval",
        "100",
        "--batch-size",
        "16",
        "--lr",
        "0.01",
        "--out",
        model.to_str().unwrap(),
        "--metrics",
        metrics.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = std::fs::read_to_string(&metrics).unwrap();
    assert_eq!(rows.lines().count(), 4, "a header and one row per round of 100 steps: {rows}");
    let val_loss = last_val_loss(&rows);
    let unigram = unigram_nats(&std::fs::read_to_string(&text_path).unwrap());
    // Here 2.48 against 3.07 nats: a bigram must beat the best context-free model clearly.
    assert!(val_loss < unigram - 0.3, "validation {val_loss} vs unigram {unigram}");

    let out = downhill(&["evaluate", model.to_str().unwrap(), &text_path, "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let (nats, bits) = (json["nats_per_char"].as_f64().unwrap(), json["bits_per_char"].as_f64().unwrap());
    assert_eq!(json["characters"], 5999);
    // bits = nats / ln 2, both printed from f64: 1e-12.
    assert!((bits - nats / std::f64::consts::LN_2).abs() < 1e-12 && nats < unigram, "{json}");

    let gen = |seed: &str| {
        let out = downhill(&[
            "generate",
            model.to_str().unwrap(),
            "--prompt",
            "ROMEO:",
            "--length",
            "200",
            "--temperature",
            "0.8",
            "--top-k",
            "10",
            "--seed",
            seed,
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let (a, b, c) = (gen("1"), gen("1"), gen("2"));
    assert_eq!(a, b, "the same seed gives the same text");
    assert_ne!(a, c);
    assert!(a.starts_with("ROMEO:") && a.trim_end_matches('\n').chars().count() == 206, "{a:?}");
    let vocab: std::collections::HashSet<char> =
        std::fs::read_to_string(&text_path).unwrap().chars().collect();
    assert!(a.trim_end_matches('\n').chars().all(|ch| vocab.contains(&ch)));
    let greedy =
        downhill(&["generate", model.to_str().unwrap(), "--prompt", "th", "--length", "5", "--greedy"]);
    assert!(greedy.status.success(), "{}", stderr(&greedy));

    let m = model.to_str().unwrap();
    one_line_error(&["generate", m, "--prompt", "Zé{"], &["--prompt", "'{'", "'é'", "vocabulary"]);
    one_line_error(&["generate", m, "--temperature", "0"], &["--temperature", "--greedy"]);
    one_line_error(&["generate", m, "--samples", "4"], &["--samples", "continues a prompt", "VAEs"]);
    let odd = dir.join("odd.txt");
    std::fs::write(&odd, "the cat ~ sat").unwrap();
    one_line_error(&["evaluate", m, odd.to_str().unwrap(), "--format", "json"], &["odd.txt", "'~'"]);
    one_line_error(&["generate", &data("tiny.csv")], &["tiny.csv"]);
}

#[test]
fn a_small_causal_transformer_beats_the_unigram_and_generates() {
    let dir = scratch("text_transformer");
    let (text_path, model) = (data("shakespeare_6k.txt"), dir.join("tf.safetensors"));
    let metrics = dir.join("rounds.csv");
    let layers =
        "embedding(32), positional_embedding, transformer_encoder_layer(2, 64, 0.0, norm_first=true, \
                  causal=true), layer_norm(normalized_dims=1), linear";
    let out = downhill(&[
        "train",
        &text_path,
        "--layers",
        layers,
        "--context",
        "16",
        "--steps",
        "300",
        "--eval-interval",
        "300",
        "--batch-size",
        "16",
        "--optimizer",
        "adamw",
        "--lr",
        "0.003",
        "--out",
        model.to_str().unwrap(),
        "--metrics",
        metrics.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let val_loss = last_val_loss(&std::fs::read_to_string(&metrics).unwrap());
    let unigram = unigram_nats(&std::fs::read_to_string(&text_path).unwrap());
    // Attention over 16 characters has more to go on than the unigram's 3.07 nats; a model that
    // could not learn from its context, or a causal mask that leaked the answer and broke the
    // validation, would miss this margin.
    assert!(val_loss < unigram - 0.3, "validation {val_loss} vs unigram {unigram}");
    let out = downhill(&[
        "generate",
        model.to_str().unwrap(),
        "--prompt",
        "ROMEO:",
        "--length",
        "40",
        "--seed",
        "3",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("ROMEO:") && text.trim_end_matches('\n').chars().count() == 46, "{text:?}");
}

#[test]
fn an_lstm_trained_with_truncated_bptt_carries_its_state_when_it_evaluates_and_generates() {
    let dir = scratch("text_tbptt");
    let (text_path, model) = (data("shakespeare_6k.txt"), dir.join("lstm.safetensors"));
    let (metrics, curves) = (dir.join("rounds.csv"), dir.join("rounds.svg"));
    let m = model.to_str().unwrap();
    let args = [
        "train",
        &text_path,
        "--layers",
        "embedding(16), lstm(32), linear",
        "--context",
        "16",
        "--steps",
        "200",
        "--eval-interval",
        "100",
        "--batch-size",
        "8",
        "--lr",
        "0.01",
        "--tbptt",
        "--out",
        m,
        "--metrics",
        metrics.to_str().unwrap(),
        "--plot",
        curves.to_str().unwrap(),
        "--quiet",
    ];
    let out = downhill(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let val_loss = last_val_loss(&std::fs::read_to_string(&metrics).unwrap());
    let unigram = unigram_nats(&std::fs::read_to_string(&text_path).unwrap());
    assert!(val_loss < unigram - 0.3, "validation {val_loss} vs unigram {unigram}");
    let inspect = String::from_utf8(downhill(&["inspect", m]).stdout).unwrap();
    assert!(inspect.contains("\"tbptt\":true"), "the settings are stored: {inspect}");
    let svg = std::fs::read_to_string(&curves).unwrap();
    assert!(svg.contains("round of 100 steps") && svg.contains("validation loss"), "the curves are drawn");
    // Evaluation reads the text as streams with the state carried: every character after the first.
    let out = downhill(&["evaluate", m, &text_path, "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["characters"], 5999);
    assert!(json["nats_per_char"].as_f64().unwrap() < unigram, "{json}");
    // Generation reads the prompt once and then one character at a time, the same seed the same text.
    let gen = || downhill(&["generate", m, "--prompt", "ROMEO:\nWhat", "--length", "60", "--seed", "4"]);
    let (a, b) = (gen(), gen());
    assert!(a.status.success(), "{}", stderr(&a));
    let text = String::from_utf8(a.stdout).unwrap();
    assert_eq!(text, String::from_utf8(b.stdout).unwrap());
    assert!(
        text.starts_with("ROMEO:\nWhat") && text.trim_end_matches('\n').chars().count() == 71,
        "{text:?}"
    );
    // Starting from the trained weights (and an Adam step of 1e-9) validates as they did. Tolerance
    // 1e-4 nats: the step moves each weight by about 1e-9.
    let again = dir.join("again.safetensors");
    let mut resumed = args.to_vec();
    resumed.splice(7..10, ["1", "--eval-interval", "1"]);
    let at = |flag: &str| resumed.iter().position(|a| *a == flag).unwrap();
    let (lr, out_at) = (at("--lr"), at("--out") + 1);
    resumed[lr + 1] = "1e-9";
    resumed[out_at] = again.to_str().unwrap();
    resumed.extend(["--init-from", m, "--freeze", "layers.0"]);
    let out = downhill(&resumed);
    assert!(out.status.success(), "{}", stderr(&out));
    let restarted = last_val_loss(&std::fs::read_to_string(&metrics).unwrap());
    assert!((restarted - val_loss).abs() < 1e-4, "{restarted} vs {val_loss}");
    let other = dir.join("other.txt");
    std::fs::write(&other, "abcdefghij".repeat(20)).unwrap();
    let mut elsewhere = resumed.clone();
    elsewhere[1] = other.to_str().unwrap();
    one_line_error(&elsewhere, &["--init-from", "other characters"]);
    // Without a recurrent layer there is no state to carry; a table has no windows at all.
    let mut bigram = args.to_vec();
    bigram[3] = "embedding(16), linear";
    one_line_error(&bigram, &["--tbptt", "recurrent"]);
    one_line_error(
        &["train", &data("tiny.csv"), "--target", "label", "--context", "4", "--quiet"],
        &["--context", ".txt"],
    );
}

#[test]
fn bad_text_inputs_are_one_line_errors() {
    let dir = scratch("text_bad");
    let file = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_string()
    };
    let train = |path: &str, extra: &[&str]| {
        let mut args = vec!["train", path, "--layers", "embedding(4), linear", "--steps", "2", "--quiet"];
        args.extend_from_slice(extra);
        args.push("--out");
        let out = dir.join("m.safetensors");
        let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        args.push(out.to_str().unwrap().to_string());
        args
    };
    let run = |args: Vec<String>, wanted: &[&str]| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        one_line_error(&args, wanted)
    };
    run(train(&file("empty.txt", b""), &[]), &["empty.txt is empty"]);
    run(train(&file("latin1.txt", b"caf\xe9 au lait"), &[]), &["latin1.txt", "UTF-8", "offset 3"]);
    run(
        train(&file("short.txt", b"abcdef"), &["--context", "8"]),
        &["short.txt", "6 characters", "at least 9"],
    );
    let ok = file("ok.txt", "abcdefghij".repeat(10).as_bytes());
    run(train(&ok, &["--context", "0"]), &["--context"]);
    let mut no_size = train(&ok, &["--context", "4"]);
    no_size[3] = "embedding(4), linear, relu, linear(3), linear(2)".into();
    run(no_size, &["[4, 2]", "[4, 10]", "end with `linear`"]);
    run(train(&ok, &["--test-fraction", "0.2"]), &["--test-fraction", "does not apply", "last 10 %"]);
    run(train(&ok, &["--resume", "x.json"]), &["--resume x.json", "no such file"]);
    let mut carried = train(&ok, &["--context", "4", "--tbptt", "--checkpoint-every", "1"]);
    carried[3] = "embedding(4), lstm(4), linear".into();
    run(carried, &["--tbptt", "checkpoint"]);
    let mut peeking = train(&ok, &["--context", "4"]);
    peeking[3] = "embedding(4), multihead_attention(2), linear".into();
    run(peeking, &["multihead_attention #2", "later steps", "causal=true"]);
    let mut small_table = train(&ok, &["--context", "4"]);
    small_table[3] = "embedding(4, num_embeddings=3), linear".into();
    run(small_table, &["embedding #1", "num_embeddings=3", "10 tokens", "at least 10"]);
}

#[test]
fn token_ids_from_a_csv_that_are_not_ids_are_a_one_line_error() {
    let csv = scratch("text_csv_ids").join("ids.csv");
    std::fs::write(&csv, "a,b,y\n1,2,0\n3,9,1\n0,1,0\n2,2,1\n").unwrap();
    let train =
        ["train", csv.to_str().unwrap(), "--target", "y", "--scale", "none", "--epochs", "1", "--layers"];
    let stack = |layers| [&train[..], &[layers]].concat();
    one_line_error(
        &stack("embedding(4, num_embeddings=5), flatten, linear(2)"),
        &["9 is not a token id", "[0, 5)"],
    );
    one_line_error(
        &stack("linear(4), embedding(4, num_embeddings=5), flatten, linear(2)"),
        &["embedding #2", "first layer"],
    );
}

#[test]
fn a_language_model_checkpoints_its_rounds_and_a_resumed_run_ends_where_the_straight_one_does() {
    // Random windows are drawn per (seed, round), so a run resumed from round 2's checkpoint
    // continues the same run: its round 3 has the straight run's losses, to the last digit.
    let dir = scratch("text_resume");
    let path = data("shakespeare_6k.txt");
    let run = |name: &str, extra: &[&str]| {
        let (out, metrics) = (dir.join(format!("{name}.safetensors")), dir.join(format!("{name}.csv")));
        let mut args = vec!["train", path.as_str(), "--layers", "embedding(8), linear", "--context", "8"];
        args.extend(["--steps", "30", "--eval-interval", "10", "--batch-size", "8", "--quiet", "--out"]);
        args.extend([out.to_str().unwrap(), "--metrics", metrics.to_str().unwrap()]);
        args.extend(extra);
        let o = downhill(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::read_to_string(metrics).unwrap()
    };
    let straight = run("straight", &[]);
    let ckpt = dir.join("lm.ckpt");
    run("checkpointed", &["--checkpoint-every", "2", "--checkpoint", ckpt.to_str().unwrap()]);
    assert!(ckpt.is_file());
    let resumed = run("resumed", &["--resume", ckpt.to_str().unwrap()]);
    // Round 3's train and validation losses (columns 4 and 5) match exactly.
    let losses =
        |csv: &str| csv.lines().nth(3).unwrap().split(',').skip(3).take(2).collect::<Vec<_>>().join(",");
    assert_eq!(resumed.lines().count(), 4, "the saved rounds and round 3: {resumed}");
    assert_eq!(losses(&resumed), losses(&straight), "{resumed}\n{straight}");
}

#[test]
fn byte_pairs_train_on_tokens_and_report_per_character() {
    let dir = scratch("text_bpe");
    let (text_path, model) = (data("shakespeare_6k.txt"), dir.join("bpe.safetensors"));
    let text = std::fs::read_to_string(&text_path).unwrap();
    let m = model.to_str().unwrap();
    let train = |vocab: &str| {
        let args = ["--layers", "embedding(16), linear", "--context", "16", "--steps", "200"];
        let more = ["--eval-interval", "100", "--batch-size", "16", "--seed", "1", "--out", m];
        downhill(&[&["train", &text_path, "--vocab-size", vocab][..], &args, &more].concat())
    };
    let out = train("120");
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = String::from_utf8(out.stdout).unwrap();
    assert!(
        summary.contains("vocabulary 120 tokens by byte pairs") && summary.contains("nats/token"),
        "{summary}"
    );
    let inspect = String::from_utf8(downhill(&["inspect", m]).stdout).unwrap();
    assert!(
        inspect.contains("context        16 tokens") && inspect.contains("byte-pair merges"),
        "{inspect}"
    );

    // evaluate: nats per character over every character after the first token, under the unigram.
    let json: Value =
        serde_json::from_slice(&downhill(&["evaluate", m, &text_path, "--format", "json"]).stdout).unwrap();
    let (nats, chars) =
        (json["nats_per_char"].as_f64().unwrap(), json["characters"].as_u64().unwrap() as usize);
    let total = text.chars().count();
    assert!(chars < total && chars + 16 > total, "{chars} of {total}: all but the first token");
    assert!(nats < unigram_nats(&text), "{json}");

    // generate adds exactly --length characters, whatever the tokens' lengths.
    let out = downhill(&["generate", m, "--prompt", "ROMEO:", "--length", "123", "--seed", "4"]);
    let sample = String::from_utf8(out.stdout).unwrap();
    assert!(
        sample.starts_with("ROMEO:") && sample.trim_end_matches('\n').chars().count() == 129,
        "{sample:?}"
    );

    one_line_error(
        &["train", &text_path, "--layers", "embedding(8), linear", "--vocab-size", "20", "--out", m],
        &["--vocab-size", "distinct characters", "2048"],
    );
    let table = data("tiny.csv");
    one_line_error(&["train", &table, "--vocab-size", "100", "--out", m], &["--vocab-size", ".txt"]);
}

#[test]
fn a_language_model_prints_its_health_findings_and_keeps_them_for_inspect() {
    // SGD at a rate of 300 saturates a small LSTM at once; its updates then stall, which the health
    // monitor reports. A text run printed nothing and kept nothing of it before (tables did both).
    let dir = scratch("text_findings");
    let model = dir.join("lm.safetensors");
    let m = model.to_str().unwrap();
    let text = data("shakespeare_6k.txt");
    let out = downhill(&[
        "train",
        &text,
        "--layers",
        "embedding(16), lstm(32), linear",
        "--context",
        "16",
        "--batch-size",
        "8",
        "--optimizer",
        "sgd",
        "--lr",
        "300",
        "--steps",
        "40",
        "--eval-interval",
        "10",
        "--l2",
        "0",
        "--tol",
        "none",
        "--seed",
        "0",
        "--quiet",
        "--out",
        m,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed: Vec<String> =
        stderr(&out).lines().filter_map(|l| l.strip_prefix("warning: ")).map(String::from).collect();
    assert!(!printed.is_empty(), "no finding printed: {}", stderr(&out));
    // Worded in rounds, as the run's progress counts them.
    assert!(printed.iter().all(|w| w.contains("(round ") && !w.contains("epoch")), "{printed:?}");
    let inspect = downhill(&["inspect", m]);
    let shown = String::from_utf8_lossy(&inspect.stdout).into_owned();
    let metrics: Value =
        serde_json::from_str(shown.lines().find_map(|l| l.strip_prefix("metrics")).map(str::trim).unwrap())
            .unwrap();
    let kept: Vec<&str> =
        metrics["findings"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    assert_eq!(kept, printed);
}
