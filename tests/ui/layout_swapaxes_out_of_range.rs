// swapaxes with an axis past the rank.
use stride::layout;

fn main() {
    let _ = layout!(f64[2, 3].swapaxes(0, 2));
}
