// A letter on the right only, with `=`: each output element would be written
// once per value of `j`. The message asks for `+=`, and names the output as
// written (also one whose name starts as the expansion's own do).
use stride::{Array, kernel};

fn main() {
    let m = Array::<f64, 2>::zeros([3, 4]).unwrap();
    let mut y = Array::<f64, 1>::zeros([3]).unwrap();
    let _ = kernel!(y[[i]] = m[[i, j]]);
    let mut __stride_y = Array::<f64, 1>::zeros([3]).unwrap();
    let _ = kernel!(__stride_y[[i]] = m[[i, j]]);
}
