// An operand indexed with fewer letters than its rank: a type error that says
// how many indices it was given.
use stride::{Array, kernel};

fn main() {
    let a = Array::<f64, 2>::zeros([3, 4]).unwrap();
    let mut out = Array::<f64, 1>::zeros([3]).unwrap();
    let _ = kernel!(out[[i]] = a[[i]]);
}
