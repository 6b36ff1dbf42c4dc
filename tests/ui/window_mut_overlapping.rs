// Overlapping windows are never mutable: each element would be reachable twice.
use stride::{Array, window};

fn main() {
    let mut img = Array::<u8, 2>::zeros([8, 8]).unwrap();
    let _ = window!(mut img.view_mut(), [3, 3], step = [2, 3]);
    // Dilated: element 2 of a window (position 6) is element 0 of the window
    // 3 after it (windows 2 apart), once the axis holds that many.
    let mut x = Array::<u8, 1>::zeros([20]).unwrap();
    let _ = window!(mut x.view_mut(), 3, step = 2, dilation = 3);
}
