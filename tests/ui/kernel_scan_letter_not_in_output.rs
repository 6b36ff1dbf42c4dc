// A scan runs along one of the output's letters.
use stride::{Array, kernel};

fn main() {
    let a = Array::<f64, 2>::zeros([3, 4]).unwrap();
    let mut out = Array::<f64, 2>::zeros([3, 4]).unwrap();
    let _ = kernel!(out[[i, j]] = cumsum[k](a[[i, j]]));
}
