//! `downhill export MODEL --format onnx --out FILE`: read the model file, hand the model and its
//! stored preprocessing (when the file has one) to downhill-onnx, write the result atomically and
//! print what its inputs and outputs are. Errors name the model file.
use crate::args::{ExportArgs, ExportFormat};
use crate::error::CliError;
use crate::files::{check_apart, check_writable, write_atomic};
use crate::saved::Saved;
use downhill_learn::load_model;

pub fn run(args: ExportArgs) -> Result<(), CliError> {
    check_writable("--out", &args.out)?;
    check_apart(&[("--out", Some(&args.out))], &[("MODEL", Some(&args.model))])?;
    let (model, info) = load_model(&args.model)?;
    let (model, info, prep) = match info.extra.contains_key("preprocessing") {
        true => {
            let saved = Saved::from_loaded(model, info, &args.model)?;
            (saved.model, saved.info, Some(saved.prep))
        }
        false => (model, info, None),
    };
    let exported = match args.format {
        ExportFormat::Onnx => downhill_onnx::export_model(&model, prep.as_ref(), &info),
    }
    .map_err(|e| CliError::Usage(format!("{}: {e}", args.model.display())))?;
    write_atomic(&args.out, &exported.bytes)?;
    println!("wrote {} (ONNX, opset {})", args.out.display(), downhill_onnx::OPSET);
    println!("{}", exported.summary);
    Ok(())
}
