// A dilation of 0.
use stride::window;

fn main() {
    let _ = window!(f32[8, 8], [3, 3], dilation = [1, 0]);
}
