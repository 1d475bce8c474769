//! `rnn(hidden_size, num_layers=1, nonlinearity='tanh', bias=true, dropout=0, bidirectional=false)`,
//! `lstm(...)` and `gru(...)` (the same without `nonlinearity`): torch's `nn.RNN`, `nn.LSTM` and
//! `nn.GRU` with batch_first=True, the input size inferred. Per-sample shapes [T, I] → [T, D·H]
//! (torch's `output`: h_t of every step; D = 2 when bidirectional). `dropout` acts between stacked
//! layers in training, as torch. Parameters: torch's names and U(−1/√H, 1/√H) (`layers/recurrent.rs`).
use crate::layers::{Recurrent, RecurrentOptions};
use crate::spec::layer_kind::shape_text;
use crate::spec::{layers::linear::yes, optional, required, ArgInfo, ArgKind, LayerInfo, LayerKind};
use crate::Module;
use downhill_autograd::Cell;
use downhill_tensor::Rng;
use serde::{Deserialize, Serialize};

/// The RNN's activation, torch's `nonlinearity`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Nonlinearity {
    /// h' = tanh(...) (torch's default).
    Tanh,
    /// h' = relu(...).
    Relu,
}

fn tanh() -> Nonlinearity {
    Nonlinearity::Tanh
}
fn one() -> usize {
    1
}

const HIDDEN: ArgInfo = required("hidden_size", ArgKind::Count, "features of the hidden state h");
const LAYERS: ArgInfo = optional("num_layers", ArgKind::Count, "1", "recurrent layers stacked");
const BIAS: ArgInfo = optional("bias", ArgKind::Flag, "true", "learn the two bias vectors b_ih and b_hh");
const DROPOUT: ArgInfo = optional(
    "dropout",
    ArgKind::Real,
    "0.0",
    "dropout on each layer's output but the last, in training, [0, 1)",
);
const BIDIRECTIONAL: ArgInfo =
    optional("bidirectional", ArgKind::Flag, "false", "also run backwards in time; outputs concatenated");

/// The argument checks the three kinds share.
fn check(hidden_size: usize, num_layers: usize, dropout: f64) -> Result<(), String> {
    if hidden_size == 0 || num_layers == 0 {
        let name = if hidden_size == 0 { "hidden_size" } else { "num_layers" };
        return Err(format!("`{name}` must be at least 1"));
    }
    check_dropout(dropout)
}

/// Why a `dropout` between layers or on attention weights is not a probability below 1, if it is
/// not (1 would drop everything; torch refuses it too).
pub(crate) fn check_dropout(dropout: f64) -> Result<(), String> {
    match (0.0..1.0).contains(&dropout) {
        true => Ok(()),
        false => Err(format!("`dropout` must be in [0, 1), got {dropout}")),
    }
}

/// [T, I] → [T, D·H], or why the input is not a sequence of vectors.
fn output_shape(input: &[usize], hidden: usize, bidirectional: bool) -> Result<Vec<usize>, String> {
    match *input {
        [t, i] if t > 0 && i > 0 => Ok(vec![t, hidden * if bidirectional { 2 } else { 1 }]),
        [_, _] => Err(format!("needs at least one step of at least one feature, got {}", shape_text(input))),
        _ => Err(format!(
            "needs a [T, input_size] input (a sequence of vectors), got {} (a table's rows take that \
             shape with train's --input-shape T,I)",
            shape_text(input)
        )),
    }
}

/// Why a bidirectional layer fails a language model (`causality.rs`).
fn looks_ahead(bidirectional: bool) -> Option<String> {
    bidirectional.then(|| {
        "bidirectional=true also reads the sequence backwards, so each step sees the later ones: a \
         language model needs bidirectional=false"
            .to_string()
    })
}

/// `lstm` and `gru`: the same arguments, another cell.
macro_rules! gated_spec {
    ($spec:ident, $name:literal, $help:literal, $cell:expr) => {
        #[doc = concat!("`", $name, "(hidden_size, num_layers=1, bias=true, dropout=0, bidirectional=false)`: ")]
        #[doc = concat!($help, ", a [`Recurrent`] layer, the input size inferred.")]
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct $spec {
            /// H: features of the hidden state, at least 1.
            pub hidden_size: usize,
            /// Stacked layers, at least 1 (torch's default 1).
            #[serde(default = "one")]
            pub num_layers: usize,
            /// Learn the bias vectors b_ih and b_hh (torch's default true).
            #[serde(default = "yes")]
            pub bias: bool,
            /// Dropout on each layer's output but the last, in training, in [0, 1) (torch's default 0).
            #[serde(default)]
            pub dropout: f64,
            /// Also run backwards in time, outputs concatenated: [T, 2H] (torch's default false).
            #[serde(default)]
            pub bidirectional: bool,
        }

        impl LayerKind for $spec {
            const INFO: LayerInfo =
                LayerInfo { name: $name, help: $help, args: &[HIDDEN, LAYERS, BIAS, DROPOUT, BIDIRECTIONAL] };
            fn check(&self) -> Result<(), String> {
                check(self.hidden_size, self.num_layers, self.dropout)
            }
            fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
                output_shape(input, self.hidden_size, self.bidirectional)
            }
            fn looks_ahead(&self, _input: &[usize]) -> Option<String> {
                looks_ahead(self.bidirectional)
            }
            fn build(&self, input: &[usize], rng: &mut Rng) -> Box<dyn Module> {
                let options = RecurrentOptions {
                    cell: $cell,
                    input_size: input[1],
                    hidden_size: self.hidden_size,
                    num_layers: self.num_layers,
                    bias: self.bias,
                    dropout: self.dropout,
                    bidirectional: self.bidirectional,
                };
                Box::new(Recurrent::new(options, rng))
            }
        }
    };
}

gated_spec!(LstmSpec, "lstm", "long short-term memory over [T, I] (gates i, f, g, o as torch)", Cell::Lstm);
gated_spec!(GruSpec, "gru", "gated recurrent unit over [T, I] (gates r, z, n as torch)", Cell::Gru);

/// `rnn(hidden_size, num_layers=1, nonlinearity='tanh', bias=true, dropout=0, bidirectional=false)`:
/// an Elman RNN, a [`Recurrent`] layer, the input size inferred.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RnnSpec {
    /// H: features of the hidden state, at least 1.
    pub hidden_size: usize,
    /// Stacked layers, at least 1 (torch's default 1).
    #[serde(default = "one")]
    pub num_layers: usize,
    /// The activation of h_t (torch's default tanh).
    #[serde(default = "tanh")]
    pub nonlinearity: Nonlinearity,
    /// Learn the bias vectors b_ih and b_hh (torch's default true).
    #[serde(default = "yes")]
    pub bias: bool,
    /// Dropout on each layer's output but the last, in training, in [0, 1) (torch's default 0).
    #[serde(default)]
    pub dropout: f64,
    /// Also run backwards in time, outputs concatenated: [T, 2H] (torch's default false).
    #[serde(default)]
    pub bidirectional: bool,
}

const NONLINEARITY: ArgInfo =
    optional("nonlinearity", ArgKind::Choice(&["tanh", "relu"]), "'tanh'", "activation of h_t");

impl LayerKind for RnnSpec {
    const INFO: LayerInfo = LayerInfo {
        name: "rnn",
        help: "Elman recurrent network over [T, I]: h_t = act(W_ih x_t + b_ih + W_hh h_(t-1) + b_hh)",
        args: &[HIDDEN, LAYERS, NONLINEARITY, BIAS, DROPOUT, BIDIRECTIONAL],
    };
    fn check(&self) -> Result<(), String> {
        check(self.hidden_size, self.num_layers, self.dropout)
    }
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        output_shape(input, self.hidden_size, self.bidirectional)
    }
    fn looks_ahead(&self, _input: &[usize]) -> Option<String> {
        looks_ahead(self.bidirectional)
    }
    fn build(&self, input: &[usize], rng: &mut Rng) -> Box<dyn Module> {
        let cell = match self.nonlinearity {
            Nonlinearity::Tanh => Cell::RnnTanh,
            Nonlinearity::Relu => Cell::RnnRelu,
        };
        let options = RecurrentOptions {
            cell,
            input_size: input[1],
            hidden_size: self.hidden_size,
            num_layers: self.num_layers,
            bias: self.bias,
            dropout: self.dropout,
            bidirectional: self.bidirectional,
        };
        Box::new(Recurrent::new(options, rng))
    }
}

#[cfg(test)]
mod tests {
    use crate::spec::{layers_text, output_shapes, parse_layers};
    use crate::{Ctx, Module, Sequential};
    use downhill_autograd::Tape;
    use downhill_tensor::{Rng, Tensor};

    #[test]
    fn reads_torchs_arguments_and_prints_them_back() {
        for text in [
            "rnn(5, nonlinearity='relu')",
            "lstm(8, num_layers=2, dropout=0.25, bidirectional=true)",
            "gru(3, bias=false)",
        ] {
            assert_eq!(layers_text(&parse_layers(text).unwrap()), text);
        }
        // Bare, double-quoted and positional forms of a choice; the defaults are left out when printed.
        for text in
            ["rnn(5, 1, relu)", "rnn(5, nonlinearity=\"relu\")", "rnn(5, nonlinearity=relu, num_layers=1)"]
        {
            assert_eq!(layers_text(&parse_layers(text).unwrap()), "rnn(5, nonlinearity='relu')", "{text}");
        }
        assert_eq!(layers_text(&parse_layers("rnn(5, 1, 'tanh', true, 0, false)").unwrap()), "rnn(5)");
    }

    #[test]
    fn out_of_range_arguments_and_inputs_are_one_line_errors() {
        let err = |t: &str| parse_layers(t).unwrap_err().to_string();
        let e = err("lstm(0)");
        assert!(e.contains("lstm #1") && e.contains("hidden_size") && e.contains("at least 1"), "{e}");
        let e = err("gru(4, num_layers=0)");
        assert!(e.contains("gru #1") && e.contains("num_layers"), "{e}");
        let e = err("lstm(4, dropout=1)");
        assert!(e.contains("dropout") && e.contains("[0, 1)"), "{e}");
        let e = err("rnn(4, nonlinearity='sigmoid')");
        assert!(e.contains("rnn #1") && e.contains("one of 'tanh', 'relu'"), "{e}");
        let e = err("rnn(4, nonlinearity='relu)");
        assert!(e.contains("closed by '"), "{e}");
        let e = err("lstm(4, bidirectional=relu)");
        assert!(e.contains("true or false"), "{e}");
        let layers = parse_layers("lstm(4)").unwrap();
        let e = output_shapes(&layers, &[3, 2, 2]).unwrap_err().to_string();
        assert!(e.contains("lstm #1") && e.contains("[T, input_size]") && e.contains("[3, 2, 2]"), "{e}");
        assert!(!e.contains('\n'), "{e}");
    }

    #[test]
    fn a_stack_of_lstm_and_linear_runs_over_sequences() {
        let layers = parse_layers("lstm(8), linear(3)").unwrap();
        assert_eq!(output_shapes(&layers, &[5, 4]).unwrap().last().unwrap(), &vec![5, 3]);
        let mut net = Sequential::from_spec(&layers, &[5, 4], 0).unwrap();
        let names: Vec<&str> = net.params().iter().map(|p| p.name()).collect();
        let want =
            ["layers.0.weight_ih_l0", "layers.0.weight_hh_l0", "layers.0.bias_ih_l0", "layers.0.bias_hh_l0"];
        assert_eq!(names[..4], want);
        assert_eq!(net.params()[0].value.dims(), [32, 4]);
        // torch's init: every value within 1/√H = 1/√8 of 0.
        assert!(net.params()[..4].iter().all(|p| p
            .value
            .data()
            .iter()
            .all(|v| v.abs() <= 8f32.sqrt().recip())));
        let tape = Tape::new();
        let x = tape.watch(Tensor::rand_normal([2, 5, 4], 0.0, 1.0, &mut Rng::seed(1)));
        let y = net.forward(&Ctx::train(&tape, 0), x);
        assert_eq!(y.shape().dims(), [2, 5, 3]);
        let grads = tape.backward(y.sum());
        assert_eq!(grads.wrt(x).unwrap().dims(), [2, 5, 4]);
        assert!(net.params().iter().all(|p| grads.get(p).unwrap().dims() == p.value.dims()));
    }
}
