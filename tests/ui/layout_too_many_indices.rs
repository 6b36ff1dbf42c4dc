// Three indices for a layout of rank 2.
use stride::layout;

fn main() {
    let _ = layout!(f64[4, 6][0, :, 1]);
}
