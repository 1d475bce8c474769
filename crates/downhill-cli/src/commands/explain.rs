//! `downhill explain MODEL DATA`: gradient attributions of a table model's score on each row
//! (downhill-learn's `Model::attribute`), per original column, ranked by mean |attribution|; the
//! per-row values go to --out as CSV, the ranking to --plot as a bar chart (for images: a grid of
//! the first rows above their attribution heatmaps). Integrated gradients also report the
//! completeness gap.
use crate::args::{ExplainArgs, ReportFormat};
use crate::error::CliError;
use crate::files::{check_apart, check_writable, file_name, write_atomic};
use crate::output::{number::num, quote};
use crate::plot;
use crate::saved::Saved;
use downhill_learn::attribution::{AttributionSettings, ColumnAttributions, Importance};
use downhill_plot::{Bars, Heatmap, Heatmaps, MAX_TILES};

pub fn run(args: ExplainArgs) -> Result<(), CliError> {
    if let Some(out) = &args.out {
        check_writable("--out", out)?;
    }
    let plot_format = args.plot.as_deref().map(plot::format_of).transpose()?;
    if let Some(p) = &args.plot {
        check_writable("--plot", p)?;
    }
    let outputs = [("--out", args.out.as_deref()), ("--plot", args.plot.as_deref())];
    check_apart(&outputs, &[("MODEL", Some(&args.model)), ("DATA", Some(&args.data))])?;
    let settings = settings(&args)?;
    let mut saved = Saved::open(&args.model)?;
    let class = match (&args.target, saved.prep.classes()) {
        (None, _) => None,
        (Some(name), []) => {
            return Err(CliError::Usage(format!(
                "--target {name}: {} is a regression model, so it has one score to explain; drop --target",
                args.model.display()
            )))
        }
        (Some(name), classes) => Some(classes.iter().position(|c| c == name).ok_or_else(|| {
            CliError::Usage(format!(
                "--target {name} is not a class of the model; its classes are {}",
                classes.join(", ")
            ))
        })?),
    };
    let table = saved.read(&args.data)?;
    let prepared = saved.prepare(&table, false)?;
    prepared.warning_messages().iter().for_each(|w| eprintln!("warning: {w}"));
    let attributions = saved.model.attribute(&prepared.x, class, &settings)?;
    let by_column = attributions.by_column(&saved.prep.column_widths())?;
    let importance = by_column.importance();
    let gap = attributions.completeness_gap.as_ref().map(|g| {
        let worst = g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        (g.iter().map(|v| v.abs()).sum::<f64>() / g.len().max(1) as f64, worst)
    });
    let mut written = Vec::new();
    let class_names = attributions
        .classes
        .as_deref()
        .map(|cs| cs.iter().map(|&c| saved.prep.classes()[c].clone()).collect::<Vec<_>>());
    if let (Some(path), Some(format)) = (&args.plot, plot_format) {
        let title = format!("{}: {}", file_name(&args.model), settings.method.name());
        match table.sample_shape() {
            Some(&[channels, height, width]) => {
                let label = |i: usize| match &class_names {
                    Some(names) => format!("row {}: {}", prepared.rows[i] + 1, names[i]),
                    None => format!("row {}", prepared.rows[i] + 1),
                };
                let tile = |i: usize| Heatmap {
                    label: label(i),
                    image: per_pixel(prepared.x.row(i), channels),
                    heat: per_pixel(attributions.values.row(i), channels),
                };
                let tiles = (0..prepared.n_rows().min(MAX_TILES)).map(tile).collect();
                plot::save(path, format, &Heatmaps { title, height, width, tiles })?;
            }
            _ => {
                let bars = Bars {
                    title,
                    x_desc: format!("mean |attribution| over {} rows", prepared.n_rows()),
                    bars: importance.iter().map(|i| (i.feature.clone(), i.value)).collect(),
                };
                plot::save(path, format, &bars)?;
            }
        }
        written.push(path.display().to_string());
    }
    if let Some(out) = &args.out {
        let classes = attributions
            .classes
            .as_deref()
            .map(|cs| cs.iter().map(|&c| saved.prep.classes()[c].clone()).collect::<Vec<_>>());
        write_atomic(out, rows_csv(&prepared.rows, classes.as_deref(), &by_column).as_bytes())?;
        written.push(out.display().to_string());
    }
    let method = settings.method.name();
    match args.format {
        ReportFormat::Json => {
            let mut json =
                serde_json::json!({"method": method, "rows": prepared.n_rows(), "importance": importance});
            if let Some((mean, max)) = gap {
                json["completeness_gap"] = serde_json::json!({"mean_abs": mean, "max_abs": max});
            }
            println!("{json}");
        }
        ReportFormat::Text => {
            print!("{}", importance_text(method, prepared.n_rows(), &importance, gap, written))
        }
    }
    Ok(())
}

/// One value per pixel of a [channels, h, w] row: the sum over channels.
fn per_pixel(row: &[f32], channels: usize) -> Vec<f64> {
    let pixels = row.len() / channels.max(1);
    (0..pixels).map(|p| (0..channels).map(|c| f64::from(row[c * pixels + p])).sum()).collect()
}

fn settings(args: &ExplainArgs) -> Result<AttributionSettings, CliError> {
    let d = AttributionSettings::default();
    let s = AttributionSettings {
        method: args.method.as_deref().map(str::parse).transpose()?.unwrap_or(d.method),
        steps: args.steps.unwrap_or(d.steps),
        baseline: args.baseline.as_deref().map(str::parse).transpose()?.unwrap_or(d.baseline),
        samples: args.samples.unwrap_or(d.samples),
        stdevs: args.stdevs.unwrap_or(d.stdevs),
        seed: args.seed.unwrap_or(d.seed),
    };
    s.validate()?;
    Ok(s)
}

/// `row,class,<column>...`: 1-based data rows, the explained class (classifiers), attributions.
fn rows_csv(rows: &[usize], classes: Option<&[String]>, a: &ColumnAttributions) -> String {
    let mut header = vec!["row".to_string()];
    header.extend(classes.map(|_| "class".to_string()));
    header.extend(a.columns.iter().map(|c| quote(c)));
    let mut out = header.join(",") + "\n";
    for (i, row) in rows.iter().enumerate() {
        let mut fields = vec![(row + 1).to_string()];
        fields.extend(classes.map(|cs| quote(&cs[i])));
        fields.extend(
            a.values.data()[i * a.columns.len()..(i + 1) * a.columns.len()]
                .iter()
                .map(|&v| num(f64::from(v))),
        );
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

fn importance_text(
    method: &str,
    rows: usize,
    importance: &[Importance],
    gap: Option<(f64, f64)>,
    written: Vec<String>,
) -> String {
    let width = importance.iter().map(|i| i.feature.chars().count()).max().unwrap_or(7).max(7);
    let mut out = format!("{method} over {rows} rows: mean |attribution| per column\n");
    out.push_str(&format!("rank  {:<width$}  importance\n", "feature"));
    for (k, i) in importance.iter().enumerate() {
        out.push_str(&format!("{:>4}  {:<width$}  {:.6}\n", k + 1, i.feature, i.value));
    }
    if let Some((mean, max)) = gap {
        out.push_str(&format!(
            "completeness gap |Σ attribution − (f(x) − f(baseline))|: mean {mean:.2e}, max {max:.2e}\n"
        ));
    }
    if !written.is_empty() {
        out.push_str(&format!("wrote {}\n", written.join(", ")));
    }
    out
}
