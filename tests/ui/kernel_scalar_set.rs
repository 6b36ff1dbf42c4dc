// A scalar target accumulates: `s = …` has no index to loop over.
use stride::{Array, kernel};

fn main() {
    let a = Array::<f64, 1>::zeros([4]).unwrap();
    let mut s = 0.0;
    let _ = kernel!(s = a[[i]]);
    let _ = s;
}
