//! `--name value` pairs, looked up with a default. The harness is the only caller, so this stays tiny.
use std::collections::HashMap;
use std::str::FromStr;

#[derive(Debug)]
pub struct Args(HashMap<String, String>);

impl Args {
    pub fn parse(mut argv: impl Iterator<Item = String>) -> Result<Args, String> {
        let mut map = HashMap::new();
        while let Some(flag) = argv.next() {
            let name = flag.strip_prefix("--").ok_or_else(|| format!("expected --flag, found `{flag}`"))?;
            let value = argv.next().ok_or_else(|| format!("--{name} needs a value"))?;
            map.insert(name.to_string(), value);
        }
        Ok(Args(map))
    }

    /// The value of `--name`, or `default` when absent.
    pub fn get<T: FromStr>(&self, name: &str, default: T) -> Result<T, String> {
        match self.0.get(name) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| format!("--{name}: cannot read `{v}`")),
        }
    }

    pub fn text(&self, name: &str, default: &str) -> String {
        self.0.get(name).cloned().unwrap_or_else(|| default.to_string())
    }
}
