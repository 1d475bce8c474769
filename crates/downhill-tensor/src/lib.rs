//! Dense, contiguous, row-major `f32` tensors: the numeric base every other downhill crate builds on.
//!
//! Tensor math panics on programmer error (mismatched shapes), with a message naming both shapes, the
//! way slice indexing does. Constructors that take user data return `Result<_, ShapeError>`.
//!
//! ```
//! use downhill_tensor::Tensor;
//! let a = Tensor::from_rows(&[[1.0, 2.0], [3.0, 4.0]]).unwrap();
//! let b = a.matmul(&Tensor::ones([2, 1]));
//! assert_eq!(b.data(), &[3.0, 7.0]);
//! ```
#![warn(missing_docs)]

mod adaptive_avg_pool2d;
mod attention;
mod attention_backward;
mod attention_forward;
mod avg_pool2d;
mod batched_matmul;
mod bias_product;
mod broadcast;
mod channels_last;
mod col2im;
mod constructors;
mod conv2d;
mod conv2d_backward;
mod conv2d_direct;
mod conv2d_forward;
mod conv2d_parts;
mod conv2d_winograd;
mod conv2d_winograd_backward;
mod elementwise;
mod error;
pub mod fast_math;
mod few_rows;
mod gradient;
mod halves;
mod huge_pages;
mod im2col;
mod indices;
mod lanes;
mod layout;
mod matmul;
mod max_pool2d;
mod max_pool2d_pairs;
mod on_worker;
mod permute;
mod pool;
mod pool2d;
mod prefetch;
mod reduce;
mod rng;
mod scratch;
mod shape;
mod simd;
mod sparse_rows;
mod strided_gemm;
mod subnormals;
mod tensor;
mod transposed_product;
mod winograd;
mod winograd_products;
mod winograd_tiles;

pub use attention::AttentionShape;
pub use bias_product::gemm_bias;
pub use conv2d::{conv2d_naive, Conv2d};
pub use conv2d_backward::Conv2dGrads;
pub use error::ShapeError;
pub use few_rows::{gemm_few_rows, PackedB};
pub use gradient::Gradient;
pub use halves::by_halves;
pub use indices::{IndexType, Indices};
pub use matmul::{gemm, matmul_naive, MatRef, Parallelism};
pub use on_worker::on_worker;
pub use permute::inverse_permutation;
pub use pool::{pooled_bytes, release_buffers};
pub use pool2d::Pool2d;
pub use prefetch::{streamed, PREFETCH_AHEAD, STREAM_CHUNK};
pub use rng::Rng;
pub use shape::Shape;
pub use simd::{vectorized, SquareLanes, LANES};
pub use sparse_rows::SparseRows;
pub use subnormals::{flush_subnormals, flushing_subnormals, in_subnormal_mode, join_in_mode};
pub use tensor::Tensor;

/// The one scalar type. Change it here and everywhere follows.
pub type Float = f32;
