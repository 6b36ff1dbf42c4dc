// Reshaping a static [3, 4] into [5, 2]: a type error (`cargo check` reports it)
// that names both shapes, even through generic code.
use stride::{Packed, ReshapeTo, StaticLayout, Tensor, layout};

layout! {
    struct M34 = f32[3, 4];
    struct M52 = f32[5, 2];
}

fn reshape<'a, A, B>(t: Tensor<'a, A, 2>) -> Tensor<'a, B, 2>
where
    A: Packed<2> + ReshapeTo<B>,
    B: Packed<2> + StaticLayout<2, Elem = A::Elem, Order = A::Order>,
{
    t.reshape()
}

fn main() {
    let data = [0.0f32; 12];
    let t = M34::tensor(&data).unwrap();
    let _: Tensor<M52, 2> = reshape(t);
}
