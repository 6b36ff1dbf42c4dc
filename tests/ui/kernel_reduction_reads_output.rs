// A reduction that reads its own output would see elements half summed.
use stride::{Array, kernel};

fn main() {
    let m = Array::<f64, 2>::zeros([3, 4]).unwrap();
    let mut y = Array::<f64, 1>::zeros([3]).unwrap();
    let _ = kernel!(y[[i]] += y[[i]] * m[[i, j]]);
}
