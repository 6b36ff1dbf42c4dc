//! The macros against the run time: what `layout!`, `window!`, `s!` and
//! `#[tensor]` compute at expansion equals what stride-core computes at run time.

use stride::{
    Array, C, ColMajor, DynLayout, F, Layout, Order, RowMajor, Slice, StaticLayout, Strided, View,
    Window, layout, s, tensor, window,
};

const A: Layout<2, C> = layout!(f64[100, 100]);
const T: Layout<2, F> = layout!(f64[100, 100].T);
const ROW: Layout<2, C> = layout!(f64[100, 100].reshape(1, -1));
const ND2: Layout<3, Strided> = layout!(f64[4, 6, 8][:, ::2, ::2]);
const BLOCK: Layout<2, RowMajor> = layout!(f32[6, 10][1:4, 2:5]);
const BLOCK_T: Layout<2, ColMajor> = layout!(f32[6, 10][1:4, 2:5].T);

#[test]
fn expression_form_equals_the_run_time() {
    assert_eq!(A, Layout::c([100, 100]).unwrap());
    assert_eq!(T, Layout::c([100, 100]).unwrap().transpose());
    assert_eq!(ROW.strides(), &[10000, 1]);
    assert_eq!(ND2.strides_bytes(8).unwrap(), [384, 128, 16]);
    assert_eq!(BLOCK.strides(), &[10, 1]);
    assert_eq!(BLOCK.offset(), 12);
    assert_eq!(BLOCK_T.strides(), &[1, 10]);
}

#[test]
fn s_infers_the_rank() {
    let a = Array::<i32, 2>::from_fn([4, 6], |[i, j]| (10 * i + j) as i32).unwrap();
    let row = a.index(s![1, ::2]).unwrap();
    assert_eq!(row.iter().copied().collect::<Vec<_>>(), vec![10, 12, 14]);
    let col: View<i32, 2> = a.index(s![.., None, 2]).unwrap();
    assert_eq!(col.shape(), &[4, 1]);
    let k = 3;
    let back = a.index(s![-1, k..=5]).unwrap();
    assert_eq!(back.iter().copied().collect::<Vec<_>>(), vec![33, 34, 35]);
    let rev = a.index(s![::-1, 1:5:2]).unwrap();
    assert_eq!(rev[[0, 1]], 33);
}

/// A value in parentheses (`(i + 1)`, one value where `i + 1..` would read
/// as a range) is passed on without them: no `unused_parens` warning at the
/// caller's line.
#[test]
#[deny(unused_parens)]
fn s_takes_values_in_parentheses_without_a_warning() {
    let a = Array::<i32, 2>::from_fn([6, 8], |[i, j]| (10 * i + j) as i32).unwrap();
    let (i, k) = (2, 5);
    let ends = a.index(s![(i + 1), (k - 3)..;2]).unwrap();
    assert_eq!(ends.iter().copied().collect::<Vec<_>>(), vec![32, 34, 36]);
    let one = a.index(s![(i), (k)]).unwrap();
    assert_eq!(one[[]], 25);
}

#[test]
fn window_over_views_and_literals() {
    let x = Array::<f64, 1>::arange(0.0, 10.0, 1.0).unwrap();
    let w = window!(x, 4, step = 2).unwrap();
    assert_eq!(w.shape(), &[4, 4]);
    const W: Layout<2> = window!(f64[10], 4, step = 2);
    assert_eq!(W.strides(), &[2, 1]);
    let mut img = Array::<u8, 2>::zeros([4, 6]).unwrap();
    let tiles = window!(mut img.view_mut(), [2, 3], step = [2, 3]).unwrap();
    assert_eq!(tiles.shape(), &[2, 2, 2, 3]);
    let _ = Window::<1>::all([1]);
}

layout! {
    /// A frame of video.
    pub struct Frame = u8[480, 640, 3];
    struct Chw = u8[480, 640, 3].transpose(2, 0, 1);
}

#[tensor(f32[3, 224, 224])]
struct Image;

#[test]
fn item_forms() {
    assert_eq!(Frame::STRIDES, [1920, 3, 1]);
    assert_eq!(Chw::STRIDES, [1, 1920, 3]);
    let data = vec![0u8; 480 * 640 * 3];
    let v = Chw::view(&data).unwrap();
    assert_eq!(v.shape(), &[3, 480, 640]);
    assert!(Chw::view(&data[1..]).is_err());
    assert_eq!(<Image as StaticLayout<3>>::LEN, 150528);
    let img = Image::zeros().unwrap();
    assert_eq!(img.shape(), &[3, 224, 224]);
    let _ = (Order::C, DynLayout::c(&[1]), Slice::FULL);
}

#[derive(Clone, Copy, Debug, PartialEq, stride::Record)]
#[repr(C)]
struct Particle {
    pos: [f32; 3],
    vel: [f32; 3],
    mass: f64,
    id: i32,
}

#[derive(Clone, Copy, stride::Record)]
#[repr(C)]
struct Person {
    name: [char; 10],
    age: i32,
    weight: f32,
}

#[test]
fn records() {
    use stride::Record;
    assert_eq!(
        Particle::numpy_dtype(),
        "{'names': ['pos', 'vel', 'mass', 'id'], 'formats': [('<f4', (3,)), ('<f4', (3,)), '<f8', '<i4'], 'offsets': [0, 12, 24, 32], 'itemsize': 40}"
    );
    assert_eq!(
        Person::numpy_dtype(),
        "[('name', '<U10'), ('age', '<i4'), ('weight', '<f4')]"
    );
    let ps: Vec<Particle> = (0..4)
        .map(|i| Particle {
            pos: [i as f32, 0.0, 1.0],
            vel: [0.0; 3],
            mass: i as f64 * 2.0,
            id: i,
        })
        .collect();
    let mut a = Array::<Particle, 1>::from_vec([4], ps).unwrap();
    let mass = a.view().field(Particle::FIELDS.mass).unwrap();
    assert_eq!(
        mass.iter().copied().collect::<Vec<_>>(),
        vec![0.0, 2.0, 4.0, 6.0]
    );
    let pos = a.view().field(Particle::FIELDS.pos).unwrap();
    assert_eq!(pos.shape(), &[4, 3]);
    assert_eq!(pos.strides(), &[10, 1]);
    assert_eq!(pos[[2, 0]], 2.0);
    let f = Particle::fields_mut(a.view_mut()).unwrap();
    let (mut p, mut m) = (f.pos, f.mass);
    p[[1, 2]] = 9.0;
    m[[3]] = -1.0;
    assert_eq!(a[[1]].pos[2], 9.0);
    assert_eq!(a[[3]].mass, -1.0);
}

#[derive(Clone, Copy, stride::Record)]
#[repr(C)]
struct Keywords {
    r#type: u32,
    r#match: [u8; 4],
}

#[derive(Clone, Copy, stride::Record)]
#[repr(C)]
struct Pair(f64, i32);

#[test]
fn records_with_raw_identifiers_and_tuple_fields() {
    use stride::Record;
    assert_eq!(
        Keywords::numpy_dtype(),
        "[('type', '<u4'), ('match', 'u1', (4,))]"
    );
    assert_eq!(
        Pair::numpy_dtype(),
        "{'names': ['f0', 'f1'], 'formats': ['<f8', '<i4'], 'offsets': [0, 8], 'itemsize': 16}"
    );
    let a = Array::<Keywords, 1>::from_vec(
        [2],
        vec![
            Keywords {
                r#type: 7,
                r#match: [1; 4]
            };
            2
        ],
    )
    .unwrap();
    let t = a.view().field(Keywords::FIELDS.r#type).unwrap();
    assert_eq!(t[[1]], 7);
    let p = Array::<Pair, 1>::from_vec([1], vec![Pair(1.5, 2)]).unwrap();
    assert_eq!(p.view().field(Pair::FIELDS.f1).unwrap()[[0]], 2);
}

#[test]
fn run_time_window_values_are_named_when_refused() {
    let x = Array::<f64, 1>::zeros([10]).unwrap();
    let k: i32 = -3;
    assert_eq!(
        window!(x.view(), k).unwrap_err().to_string(),
        "a window length cannot be negative: found -3"
    );
    let st = -2i64;
    assert_eq!(
        window!(x.view(), 3, step = st).unwrap_err(),
        stride::LayoutError::NegativeWindowParam {
            param: stride::WindowParam::Step,
            value: -2
        }
    );
}

#[test]
fn s_values_are_evaluated_once_and_inclusive_ends_follow_the_step() {
    let a = Array::<i32, 1>::arange(0, 8, 1).unwrap();
    let mut calls = 0;
    let mut next = || {
        calls += 1;
        2isize
    };
    let v = a.index(s![next()..=5]).unwrap();
    assert_eq!(v.iter().copied().collect::<Vec<_>>(), vec![2, 3, 4, 5]);
    assert_eq!(calls, 1);
    // `..=end` with a negative step (given at run time, NumPy's meaning):
    // 5:0:-1 would stop before 0; 5..=0 includes it.
    let (b, e, st) = (5, 0, -1);
    let back = a.index(s![b..=e; st]).unwrap();
    assert_eq!(
        back.iter().copied().collect::<Vec<_>>(),
        vec![5, 4, 3, 2, 1, 0]
    );
    let to_end = a.index(s![..=-1]).unwrap();
    assert_eq!(to_end.shape(), &[8]);
}

/// The expansions name the primitive types by path: a module that shadows
/// `usize` and `isize` can use every macro (the item form's constants, a
/// record's field-view types, `s!` with run-time values, `window!`, `kernel!`).
mod shadowed_primitives {
    #![allow(non_camel_case_types, dead_code)]
    use stride::{Array, layout, s, window};
    type usize = u32;
    type isize = i8;

    layout! {
        struct Plane = f64[4, 6].T;
    }

    #[derive(Clone, Copy, Debug, PartialEq, stride::Record)]
    #[repr(C)]
    struct Sample {
        xy: [f32; 2],
        w: f64,
    }

    #[test]
    fn macros_expand_where_primitive_names_are_shadowed() {
        assert_eq!(Plane::SHAPE, [6, 4]);
        assert_eq!(Plane::STRIDES, [1, 6]);
        assert_eq!((Plane::SIZE, Plane::LEN, Plane::OFFSET), (24, 24, 0));
        let a = Array::<f64, 2>::from_fn([4, 6], |[i, j]| (6 * i + j) as f64).unwrap();
        let k = 2;
        let row = a.index(s![k, 1..k + 3]).unwrap();
        assert_eq!(
            row.to_owned().unwrap().as_slice(),
            &[13.0, 14.0, 15.0, 16.0]
        );
        let x = Array::<f64, 1>::from_fn([8], |[i]| i as f64).unwrap();
        let w = window!(x.view(), 4, step = 2).unwrap();
        assert_eq!(w.shape(), &[3, 4]);
        let v: Vec<Sample> = (0..3)
            .map(|i| Sample {
                xy: [i as f32, 1.0],
                w: 0.5 * i as f64,
            })
            .collect();
        let mut s = Array::<Sample, 1>::from_vec([3], v).unwrap();
        let ws = s.view().field(Sample::FIELDS.w).unwrap();
        assert_eq!(ws[[2]], 1.0);
        let f = Sample::fields_mut(s.view_mut()).unwrap();
        assert_eq!(f.xy.shape(), &[3, 2]);
    }
}
