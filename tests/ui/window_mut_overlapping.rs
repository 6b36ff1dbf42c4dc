// Overlapping windows are never mutable: each element would be reachable twice.
use stride::{Array, window};

fn main() {
    let mut img = Array::<u8, 2>::zeros([8, 8]).unwrap();
    let _ = window!(mut img.view_mut(), [3, 3], step = [2, 3]);
}
