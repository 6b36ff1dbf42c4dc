// Arrays are laid out in C or F order.
use stride::layout;

fn main() {
    let _ = layout!(f64[3, 4, order = Z]);
}
