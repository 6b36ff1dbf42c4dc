// A slice step of 0.
use stride::layout;

fn main() {
    let _ = layout!(f64[4, 6][:, ::0]);
}
