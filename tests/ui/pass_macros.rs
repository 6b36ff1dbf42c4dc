// The macros in a program that builds and runs: constants computed by the compiler,
// item forms, records and static reshapes.
use stride::{
    Array, C, F, Layout, Record, RowMajor, Strided, Tensor, View, layout, s, tensor, window,
};

const T: Layout<2, F> = layout!(f64[100, 100].T);
const BLOCK: Layout<2, RowMajor> = layout!(f32[6, 10][1:4, 2:5]);
const FRAMES: Layout<2, Strided> = window!(f64[1000], 64, step = 32);
const ROW: Layout<1> = const {
    match T.index(s![0, :]) {
        Ok(l) => l,
        Err(e) => e.panic(),
    }
};

layout! {
    struct M34 = f32[3, 4];
    struct V12 = f32[12];
}

#[tensor(u8[480, 640, 3])]
struct Hwc;

#[derive(Clone, Copy, Record)]
#[repr(C)]
struct P {
    pos: [f32; 3],
    mass: f64,
}

const DATA: &[f32] = &[0.0; 12];
const STATIC: View<'static, f32, 2, C> = M34::view_static(DATA);

fn main() {
    assert_eq!(T.strides(), &[1, 100]);
    assert_eq!((BLOCK.strides(), BLOCK.offset()), (&[10, 1], 12));
    assert_eq!(FRAMES.shape(), &[30, 64]);
    assert_eq!(ROW.strides(), &[100]);
    let data = [1.0f32; 12];
    let v: Tensor<V12, 1> = M34::tensor(&data).unwrap().reshape();
    assert_eq!(v.view().shape(), &[12]);
    assert_eq!(STATIC.shape(), &[3, 4]);
    assert_eq!(Hwc::STRIDES, [1920, 3, 1]);
    let a = Array::<P, 1>::from_vec([2], vec![P { pos: [0.0; 3], mass: 1.0 }; 2]).unwrap();
    assert_eq!(a.view().field(P::FIELDS.pos).unwrap().shape(), &[2, 3]);
    assert!(P::numpy_dtype().starts_with("{'names': ['pos', 'mass']"));
}
