// A window longer than its axis.
use stride::window;

fn main() {
    let _ = window!(f64[10], 11);
}
