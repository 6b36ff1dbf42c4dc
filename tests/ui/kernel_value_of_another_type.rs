// A value of another type than the given output's elements (NumPy would
// cast; Rust does not): one error, at the right-hand side.
use stride::{Array, kernel};

fn main() {
    let v = Array::<f64, 1>::zeros([3]).unwrap();
    let mut o = Array::<f32, 1>::zeros([3]).unwrap();
    let _ = kernel!(o[[i]] = v[[i]] * 2.0);
}
