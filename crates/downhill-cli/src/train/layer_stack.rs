//! `--layers TEXT`, `--arch FILE` and `--input-shape C,H,W`: the layer stack and the shape of one
//! sample, read through downhill-nn's layer descriptions (the CLI only reads the text or the file).
//! An architecture file is TOML: `layers` as the same text or as an array of tables
//! (`{ type = "conv2d", out_channels = 16, kernel_size = 5 }`), and optionally `input_shape`
//! (which `--input-shape` overrides; see downhill-learn's `ModelOptions`).
use crate::args::ModelFlags;
use crate::error::CliError;
use downhill_learn::{parse_layers, read_stack, GivenLayers, LAYERS};
use std::path::Path;

/// The layer stack `--layers` or `--arch` gives, if either does.
pub fn read(f: &ModelFlags) -> Result<Option<GivenLayers>, CliError> {
    match (&f.layers, &f.arch) {
        (Some(text), _) => {
            let layers = parse_layers(text).map_err(|e| CliError::Usage(format!("--layers: {e}")))?;
            Ok(Some(GivenLayers { layers, input_shape: None }))
        }
        (None, Some(path)) => from_file(path).map(Some),
        (None, None) => Ok(None),
    }
}

/// True for `--layers help`.
pub fn wants_help(f: &ModelFlags) -> bool {
    f.layers.as_deref().is_some_and(|s| s.trim().eq_ignore_ascii_case("help"))
}

/// `--layers help`: every kind of layer with its arguments and defaults, from the layers' tables.
pub fn help() -> String {
    let mut out =
        String::from("Layers for --layers (torch's names and defaults; input sizes are inferred):\n");
    for info in LAYERS {
        out.push_str(&format!("\n  {}\n      {}\n", info.signature(), info.help));
        for arg in info.args {
            out.push_str(&format!("      {:<20}{}\n", arg.name, arg.help));
        }
    }
    out
}

fn from_file(path: &Path) -> Result<GivenLayers, CliError> {
    let bad = |message: String| CliError::Config { path: path.to_path_buf(), message };
    let text = std::fs::read_to_string(path).map_err(|source| CliError::Io { path: path.into(), source })?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| bad(e.message().to_string()))?;
    if let Some(key) = table.keys().find(|k| !matches!(k.as_str(), "layers" | "input_shape")) {
        return Err(bad(format!("unknown key `{key}`; an architecture file has `layers` and `input_shape`")));
    }
    let layers = match table.get("layers") {
        Some(toml::Value::String(text)) => parse_layers(text),
        Some(toml::Value::Array(items)) => {
            let items = serde_json::to_value(items).map_err(|e| bad(e.to_string()))?;
            read_stack(items.as_array().map_or(&[], Vec::as_slice), "")
        }
        _ => {
            return Err(bad("`layers` is required: a layer text or an array of tables with a `type`".into()))
        }
    }
    .map_err(|e| bad(e.to_string()))?;
    let input_shape = match table.get("input_shape") {
        None => None,
        Some(v) => Some(v.clone().try_into::<Vec<usize>>().map_err(|_| {
            bad(format!("`input_shape` must be an array of sizes such as [1, 28, 28], got {v}"))
        })?),
    };
    Ok(GivenLayers { layers, input_shape })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> Result<GivenLayers, String> {
        let dir = std::env::temp_dir().join(format!("downhill-arch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("net-{}.toml", text.len()));
        std::fs::write(&path, text).unwrap();
        from_file(&path).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_the_text_or_tables_and_the_shape() {
        let a = file("input_shape = [1, 8, 8]\nlayers = \"conv2d(4, 3), relu, flatten, linear(2)\"").unwrap();
        assert_eq!((a.layers.len(), a.input_shape), (4, Some(vec![1, 8, 8])));
        let b = file(
            "[[layers]]\ntype = \"conv2d\"\nout_channels = 4\nkernel_size = 3\n[[layers]]\ntype = \"relu\"\n\
             [[layers]]\ntype = \"flatten\"\n[[layers]]\ntype = \"linear\"\nout_features = 2\n",
        )
        .unwrap();
        assert_eq!(b.layers, a.layers);
        assert_eq!(b.input_shape, None);
    }

    #[test]
    fn mistakes_name_the_file_and_the_layer() {
        let e = file("layers = \"conv2d(4)\"").unwrap_err();
        assert!(e.contains("net-") && e.contains("conv2d #1") && e.contains("kernel_size"), "{e}");
        let e = file("[[layers]]\ntype = \"relu\"\n[[layers]]\ntype = \"conv3d\"\n").unwrap_err();
        assert!(e.contains("conv3d #2") && e.contains("known layers"), "{e}");
        assert!(file("layer = \"relu\"").unwrap_err().contains("unknown key `layer`"));
        assert!(file("layers = \"relu\"\ninput_shape = \"1x8\"").unwrap_err().contains("input_shape"));
    }
}
