//! The layer text, torch's constructor calls without the input sizes:
//!   stack := layer ("," layer)*            layer := name ["(" [arg ("," arg)*] ")"]
//!   arg   := name "=" value | value        value := number | true | false | none | "(" value ("," value)* ")"
//!                                                   | layer | "'" name "'" | '"' name '"'   (a name from a list; bare too)
//! e.g. `conv2d(16, 5, padding=2), relu, max_pool2d(2), flatten, linear(10)`. Each layer becomes
//! the object its stored form uses (`{"type": "conv2d", "out_channels": 16, ...}`, positional
//! arguments named from the layer's table) and is then read like a file's (`reading.rs`).
use crate::spec::{error::position, layer_info, read_stack, ArgKind, LayerSpec, SpecError, MAX_NESTING};
use serde_json::{Map, Value};

/// Reads a layer text such as `conv2d(16, 5, padding=2), relu, flatten, linear(10)`.
pub fn parse_layers(text: &str) -> Result<Vec<LayerSpec>, SpecError> {
    let mut p = Parser { text, pos: 0, depth: 0 };
    let mut items = vec![p.layer()?];
    while p.eat(',') {
        items.push(p.layer()?);
    }
    p.expect_end()?;
    let objects: Vec<Value> =
        items.iter().enumerate().map(|(i, item)| item.to_object(i)).collect::<Result<_, _>>()?;
    read_stack(&objects, "")
}

/// A default written in a table (`"1"`, `"true"`, `"(1, 1)"`) as a stored value.
pub(crate) fn value_text(text: &str) -> Result<Value, SpecError> {
    if text == crate::spec::arg::INFERRED {
        return Ok(Value::Null);
    }
    let mut p = Parser { text, pos: 0, depth: 0 };
    let v = p.value()?;
    p.expect_end()?;
    v.to_json(0)
}

enum Expr {
    Number(String),
    Flag(bool),
    /// `none`: an optional argument left unset (torch's `None`).
    Null,
    Tuple(Vec<Expr>),
    Layer(Item),
    Text(String),
}

struct Item {
    name: String,
    args: Vec<(Option<String>, Expr)>,
}

impl Expr {
    fn to_json(&self, index: usize) -> Result<Value, SpecError> {
        Ok(match self {
            Expr::Number(t) => number(t)?,
            Expr::Flag(b) => Value::Bool(*b),
            Expr::Null => Value::Null,
            Expr::Tuple(xs) => Value::Array(xs.iter().map(|x| x.to_json(index)).collect::<Result<_, _>>()?),
            Expr::Layer(item) => item.to_object(index)?,
            Expr::Text(t) => Value::String(t.clone()),
        })
    }
}

fn number(text: &str) -> Result<Value, SpecError> {
    let bad = || SpecError::new("layers", format!("`{text}` is not a number"));
    if let Ok(n) = text.parse::<u64>() {
        return Ok(n.into());
    }
    if let Ok(n) = text.parse::<i64>() {
        return Ok(n.into());
    }
    let x: f64 = text.parse().map_err(|_| bad())?;
    serde_json::Number::from_f64(x).map(Value::Number).ok_or_else(bad)
}

impl Item {
    /// The stored form, positional arguments named in table order (a sub-stack collects them all).
    fn to_object(&self, index: usize) -> Result<Value, SpecError> {
        let at = position(&self.name, index);
        let info = layer_info(&self.name).ok_or_else(|| crate::spec::unknown_layer(&self.name, index))?;
        let mut obj = Map::new();
        obj.insert("type".into(), Value::String(self.name.clone()));
        let sub_stack = info.args.iter().find(|a| a.kind == ArgKind::Layers);
        let mut layers = Vec::new();
        let mut next = 0;
        for (key, expr) in &self.args {
            let name = match (key, sub_stack) {
                (Some(k), _) => k.clone(),
                (None, Some(_)) => {
                    layers.push(expr.to_json(layers.len())?);
                    continue;
                }
                (None, None) => {
                    let arg = info.args.get(next).ok_or_else(|| {
                        let n = info.args.len();
                        SpecError::new(&at, format!("takes at most {n} arguments: {}", info.signature()))
                    })?;
                    next += 1;
                    arg.name.to_string()
                }
            };
            let choice = info.arg(&name).is_some_and(|a| matches!(a.kind, ArgKind::Choice(_)));
            let value = match (expr, info.arg(&name)) {
                // A bare name for a choice: `nonlinearity=relu` as `nonlinearity='relu'`.
                (Expr::Layer(word), _) if choice && word.args.is_empty() => Value::String(word.name.clone()),
                (Expr::Layer(word), Some(arg)) => {
                    let problem = format!("`{name}` must be {}, got `{}`", arg.kind.describe(), word.name);
                    return Err(SpecError::new(&at, problem));
                }
                _ => expr.to_json(index)?,
            };
            if obj.insert(name.clone(), value).is_some() {
                return Err(SpecError::new(&at, format!("`{name}` is given twice")));
            }
        }
        if let Some(arg) = sub_stack.filter(|_| !layers.is_empty()) {
            obj.insert(arg.name.into(), Value::Array(layers));
        }
        Ok(Value::Object(obj))
    }
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    /// Open parentheses: bounded, so a deep text is an error rather than a stack overflow (the
    /// stack it reads nests at most `MAX_NESTING` deep anyway; each level opens two).
    depth: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }
    fn skip_space(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }
    fn eat(&mut self, c: char) -> bool {
        self.skip_space();
        let found = self.rest().starts_with(c);
        if found {
            self.pos += c.len_utf8();
        }
        found
    }
    fn error(&self, wanted: &str) -> SpecError {
        let found = match self.rest().trim_start() {
            "" => "the end".to_string(),
            rest => format!("`{}`", rest.chars().take(12).collect::<String>()),
        };
        SpecError::new("layers", format!("expected {wanted} at character {}, found {found}", self.pos + 1))
    }
    fn expect_end(&mut self) -> Result<(), SpecError> {
        self.skip_space();
        match self.rest().is_empty() {
            true => Ok(()),
            false => Err(self.error("`,` between layers")),
        }
    }
    /// A run of characters allowed in names or numbers.
    fn word(&mut self) -> &str {
        self.skip_space();
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '+')))
            .unwrap_or(rest.len());
        let start = self.pos;
        self.pos += len;
        &self.text[start..start + len]
    }
    fn layer(&mut self) -> Result<Item, SpecError> {
        let name = self.word().to_string();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return Err(self.error("a layer name"));
        }
        self.layer_named(name)
    }
    /// Enters a parenthesis, or says the text nests too deep.
    fn open(&mut self) -> Result<(), SpecError> {
        self.depth += 1;
        match self.depth > 2 * (MAX_NESTING + 1) {
            true => Err(self.error(&format!("at most {MAX_NESTING} nested sub-stacks"))),
            false => Ok(()),
        }
    }
    fn layer_named(&mut self, name: String) -> Result<Item, SpecError> {
        let mut args = Vec::new();
        if self.eat('(') {
            self.open()?;
            if !self.eat(')') {
                loop {
                    args.push(self.arg()?);
                    if self.eat(')') {
                        break;
                    }
                    if !self.eat(',') {
                        return Err(self.error("`,` or `)`"));
                    }
                }
            }
            self.depth -= 1;
        }
        Ok(Item { name, args })
    }
    fn arg(&mut self) -> Result<(Option<String>, Expr), SpecError> {
        let start = self.pos;
        let word = self.word().to_string();
        if !word.is_empty() && word.starts_with(|c: char| c.is_ascii_alphabetic()) && self.eat('=') {
            return Ok((Some(word), self.value()?));
        }
        self.pos = start;
        Ok((None, self.value()?))
    }
    fn value(&mut self) -> Result<Expr, SpecError> {
        for quote in ['\'', '"'] {
            if self.eat(quote) {
                let word = self.word().to_string();
                if word.is_empty() || !self.rest().starts_with(quote) {
                    return Err(self.error(&format!("a name closed by {quote}")));
                }
                self.pos += 1;
                return Ok(Expr::Text(word));
            }
        }
        if self.eat('(') {
            self.open()?;
            let mut xs = vec![self.value()?];
            while self.eat(',') {
                xs.push(self.value()?);
            }
            if !self.eat(')') {
                return Err(self.error("`)` closing the pair"));
            }
            self.depth -= 1;
            return Ok(Expr::Tuple(xs));
        }
        let word = self.word().to_string();
        match word.as_str() {
            "" => Err(self.error("a value")),
            "true" | "True" => Ok(Expr::Flag(true)),
            "false" | "False" => Ok(Expr::Flag(false)),
            "none" | "None" => Ok(Expr::Null),
            w if w.starts_with(|c: char| c.is_ascii_alphabetic()) => Ok(Expr::Layer(self.layer_named(word)?)),
            _ => Ok(Expr::Number(word)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<&'static str> {
        parse_layers(text).unwrap().iter().map(|l| l.name()).collect()
    }

    #[test]
    fn reads_positional_named_and_bare_layers() {
        let layers =
            parse_layers("conv2d(16, 5, padding=2), relu, max_pool2d(2), flatten, linear(10)").unwrap();
        let stored = serde_json::to_value(&layers[0]).unwrap();
        assert_eq!(stored["out_channels"], 16);
        assert_eq!(stored["kernel_size"], 5);
        assert_eq!(stored["padding"], 2);
        assert_eq!(names("relu,flatten , linear( 3 )"), ["relu", "flatten", "linear"]);
        let pair = parse_layers("conv2d(4, (3, 1), stride=(2, 1))").unwrap();
        assert_eq!(serde_json::to_value(&pair[0]).unwrap()["kernel_size"], serde_json::json!([3, 1]));
    }

    #[test]
    fn sub_stacks_nest_at_most_max_nesting_deep() {
        let nested =
            |depth: usize| format!("{}linear(4){}, linear(3)", "residual(".repeat(depth), ")".repeat(depth));
        assert!(parse_layers(&nested(MAX_NESTING)).is_ok());
        let e = parse_layers(&nested(MAX_NESTING + 1)).unwrap_err().to_string();
        assert!(e.contains("nest more than 16 deep"), "{e}");
        // Far deeper texts stop at the parser, as an error, before any recursion could overflow.
        for depth in [40, 5000] {
            let e = parse_layers(&nested(depth)).unwrap_err().to_string();
            assert!(e.contains("at most 16 nested sub-stacks"), "{e}");
        }
        let e = parse_layers(&format!("conv2d(4, {}3{})", "(".repeat(5000), ")".repeat(5000))).unwrap_err();
        assert!(e.to_string().contains("at most 16 nested"), "{e}");
    }

    #[test]
    fn residual_takes_a_sub_stack() {
        let layers = parse_layers("residual(conv2d(8, 3, padding=1), batch_norm2d, relu), relu").unwrap();
        let stored = serde_json::to_value(&layers[0]).unwrap();
        assert_eq!(stored["layers"].as_array().unwrap().len(), 3);
        assert_eq!(stored["layers"][1]["type"], "batch_norm2d");
    }

    #[test]
    fn mistakes_name_the_layer_its_position_and_what_it_accepts() {
        let err = |t: &str| parse_layers(t).unwrap_err().to_string();
        let e = err("relu, convd2(3)");
        assert!(e.contains("convd2 #2") && e.contains("conv2d"), "{e}");
        let e = err("linear(10, strides=2)");
        assert!(e.contains("linear #1") && e.contains("strides") && e.contains("linear(out_features"), "{e}");
        let e = err("conv2d(16)");
        assert!(e.contains("conv2d #1") && e.contains("kernel_size"), "{e}");
        let e = err("linear(10, true, 3)");
        assert!(e.contains("at most 2"), "{e}");
        let e = err("linear(10) relu");
        assert!(e.contains("character 12"), "{e}");
        let e = err("dropout(p=1.5)");
        assert!(e.contains("dropout #1") && e.contains("p"), "{e}");
        let e = err("linear(ten)");
        assert!(e.contains("out_features"), "{e}");
        assert!(err("").contains("a layer name"));
    }
}
