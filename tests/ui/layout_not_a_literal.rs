// layout! computes at compile time: its numbers must be literals.
use stride::layout;

fn main() {
    let n = 4;
    let _ = layout!(f64[n, 4]);
}
