// Windowing an axis the layout does not have.
use stride::window;

fn main() {
    let _ = window!(f64[10, 10], 3, axis = 2);
}
