// A broadcast axis (stride 0) cannot merge with a real one.
use stride::layout;

fn main() {
    let _ = layout!(f64[1, 4].broadcast_to(3, 4).reshape(12));
}
