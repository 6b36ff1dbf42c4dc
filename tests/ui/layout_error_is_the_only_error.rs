// A failed layout! is one error: what uses its value does not add more.
use stride::{layout, window};

fn main() {
    let l = layout!(f64[3, 4].reshape(5, 2));
    println!("{:?}", l.strides());
    let w = window!(f64[3, 4], [3, 5]);
    let _ = w.shape()[0] + 1;
}
