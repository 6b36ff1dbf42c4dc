// A kernel is one assignment.
use stride::{Array, kernel};

fn main() {
    let a = Array::<f64, 1>::zeros([3]).unwrap();
    let _ = kernel!(a[[i]] * 2.0);
}
