// A constant slice of the wrong length for a fixed layout: a compile error that
// names both lengths.
use stride::{View, tensor};

#[tensor(f32[3, 4])]
struct Small;

const DATA: &[f32] = &[0.0; 10];
const V: View<'static, f32, 2, stride::C> = Small::view_static(DATA);

fn main() {
    let _ = V;
}
