// The error points at the window that does not fit (the second, on axis 1).
use stride::layout;

fn main() {
    let _ = layout!(f32[10, 2].window([3, 3]));
}
