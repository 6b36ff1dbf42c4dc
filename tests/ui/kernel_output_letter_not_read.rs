// A reduction whose output has a letter no input reads: every element along it
// would get the same sum.
use stride::{Array, kernel};

fn main() {
    let m = Array::<f64, 2>::zeros([3, 4]).unwrap();
    let mut y = Array::<f64, 2>::zeros([3, 5]).unwrap();
    let _ = kernel!(y[[i, k]] += m[[i, j]]);
}
