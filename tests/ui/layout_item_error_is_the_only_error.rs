// A failed item form or #[tensor] is one error: what uses the type (its
// constants, its constructors) does not add more.
use stride::{layout, tensor};

layout! {
    struct Bad = f64[3, 4].reshape(5, 2);
}

#[tensor(f32[3, 4][::0])]
#[derive(Clone, Copy)]
struct BadImage;

fn main() {
    let data = [0.0f64; 12];
    let _ = Bad::view(&data);
    let _ = Bad::SHAPE[1] + 1;
    let _ = BadImage::LAYOUT.strides();
    let _ = BadImage::SIZE;
}
