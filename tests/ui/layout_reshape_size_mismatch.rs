// Reshape to another number of elements.
use stride::layout;

fn main() {
    let _ = layout!(f64[3, 4].reshape(5, 2));
}
