// Kernel indices are loop letters, not expressions.
use stride::{Array, kernel};

fn main() {
    let a = Array::<f64, 1>::zeros([4]).unwrap();
    let mut out = Array::<f64, 1>::zeros([3]).unwrap();
    let _ = kernel!(out[[i]] = a[[i + 1]]);
}
