//! The test functions, one per file.
mod ackley;
mod beale;
mod booth;
mod himmelblau;
mod ill_conditioned;
mod matyas;
mod rastrigin;
mod rosenbrock;
mod saddle;
mod three_hump_camel;

pub use ackley::Ackley;
pub use beale::Beale;
pub use booth::Booth;
pub use himmelblau::Himmelblau;
pub use ill_conditioned::{IllConditioned, CONDITION_NUMBER};
pub use matyas::Matyas;
pub use rastrigin::Rastrigin;
pub use rosenbrock::Rosenbrock;
pub use saddle::Saddle;
pub use three_hump_camel::ThreeHumpCamel;
