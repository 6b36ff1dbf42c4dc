// Only length-1 axes stretch.
use stride::layout;

fn main() {
    let _ = layout!(f64[3, 1].broadcast_to(3, 4).broadcast_to(2, 3, 5));
}
