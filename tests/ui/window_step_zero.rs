// A window step of 0 is refused at its token, even over a run-time view.
use stride::{Array, window};

fn main() {
    let x = Array::<f64, 1>::zeros([10]).unwrap();
    let _ = window!(x, 4, step = 0);
}
