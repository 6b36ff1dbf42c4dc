// A scan writes every element of its output: `+=` is refused.
use stride::{Array, kernel};

fn main() {
    let a = Array::<f64, 2>::zeros([3, 4]).unwrap();
    let mut out = Array::<f64, 2>::zeros([3, 4]).unwrap();
    let _ = kernel!(out[[i, j]] += cumprod[j](a[[i, j]]));
}
