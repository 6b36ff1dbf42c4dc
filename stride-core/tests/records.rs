//! Field views of arrays of records over real memory (what `#[derive(Record)]`
//! builds on), small enough for Miri: shared field views read the right bytes, an
//! array field adds a trailing axis, and mutable views of two fields at once write
//! disjoint bytes through one buffer.

use core::mem::offset_of;

use stride_core::{Array, DType, Field, LayoutError, Record, Slice};

#[derive(Clone, Copy, Debug, PartialEq)]
#[repr(C)]
struct P {
    pos: [f32; 3],
    mass: f64,
    id: i32,
}

impl DType for P {
    fn dtype() -> stride_core::DTypeDesc {
        let f = |name: &str, offset, dtype| stride_core::FieldDesc {
            name: name.into(),
            offset,
            dtype,
        };
        stride_core::DTypeDesc::Struct {
            fields: vec![
                f("pos", offset_of!(P, pos), <[f32; 3]>::dtype()),
                f("mass", offset_of!(P, mass), f64::dtype()),
                f("id", offset_of!(P, id), i32::dtype()),
            ],
            itemsize: size_of::<P>(),
        }
    }
}
impl Record for P {}

// SAFETY: `pos` is a `[f32; 3]` at this offset of every `P`.
const POS: Field<P, f32, 1> = unsafe { Field::new(offset_of!(P, pos), [3]) };
// SAFETY: `mass` is an `f64` at this offset of every `P`.
const MASS: Field<P, f64, 0> = unsafe { Field::new(offset_of!(P, mass), []) };
// SAFETY: `id` is an `i32` at this offset of every `P`.
const ID: Field<P, i32, 0> = unsafe { Field::new(offset_of!(P, id), []) };

fn particles(n: usize) -> Array<P, 1> {
    let v = (0..n)
        .map(|i| P {
            pos: [i as f32, 10.0 + i as f32, 20.0 + i as f32],
            mass: 0.5 * i as f64,
            id: i as i32,
        })
        .collect();
    Array::from_vec([n], v).unwrap()
}

#[test]
fn dtype_is_what_numpy_prints() {
    // np.dtype({'names': ['pos', 'mass', 'id'], 'formats': [('<f4', (3,)), '<f8', '<i4'],
    //           'offsets': [0, 16, 24], 'itemsize': 32})
    assert_eq!(
        P::numpy_dtype(),
        "{'names': ['pos', 'mass', 'id'], 'formats': [('<f4', (3,)), '<f8', '<i4'], \
         'offsets': [0, 16, 24], 'itemsize': 32}"
    );
    assert_eq!(
        P::dtype().descr(),
        "[('pos', '<f4', (3,)), ('', '|V4'), ('mass', '<f8'), ('id', '<i4'), ('', '|V4')]"
    );
}

#[test]
fn shared_field_views_read_the_fields() {
    let a = particles(5);
    let mass = a.view().field(MASS).unwrap();
    assert_eq!((mass.shape(), mass.strides()), (&[5], &[4]));
    assert_eq!(
        mass.iter().copied().collect::<Vec<_>>(),
        vec![0.0, 0.5, 1.0, 1.5, 2.0]
    );
    let pos = a.view().field(POS).unwrap();
    assert_eq!((pos.shape(), pos.strides()), (&[5, 3], &[8, 1]));
    assert_eq!(pos[[3, 1]], 13.0);
    // A field of a strided view of records: a[::-2]['id'].
    let ids = a
        .view()
        .slice([Slice::step_by(-2)])
        .unwrap()
        .field(ID)
        .unwrap();
    assert_eq!(ids.iter().copied().collect::<Vec<_>>(), vec![4, 2, 0]);
    // A field view is read-only when the view is; the buffer is not copied.
    assert_eq!(ids.base_ptr().cast::<u8>(), a.as_ptr().cast::<u8>());
}

#[test]
fn two_mutable_fields_at_once() {
    let mut a = particles(4);
    let mut v = a.view_mut();
    // SAFETY: `pos` and `mass` are different fields, each handed out once.
    let (mut pos, mut mass) = unsafe {
        (
            v.field_mut_unchecked(POS).unwrap(),
            v.field_mut_unchecked(MASS).unwrap(),
        )
    };
    for i in 0..4 {
        pos[[i, 2]] = -(i as f32);
        mass[[i]] *= 2.0;
    }
    pos.map_inplace(|x| *x += 1.0);
    assert_eq!(
        a[[2]],
        P {
            pos: [3.0, 13.0, -1.0],
            mass: 2.0,
            id: 2
        }
    );
}

#[test]
fn a_field_that_no_stride_describes_is_an_error() {
    #[derive(Clone, Copy)]
    #[repr(C)]
    struct Odd {
        a: [u8; 3],
        c: u32,
    }
    // SAFETY: `a` is a `[u8; 3]` at offset 0, read as one `[u8; 3]` element here.
    let f: Field<Odd, [u8; 3], 0> = unsafe { Field::new(0, []) };
    let x = Array::<Odd, 1>::from_vec([2], vec![Odd { a: [1, 2, 3], c: 5 }; 2]).unwrap();
    // 8-byte records hold no whole number of 3-byte elements.
    assert_eq!(
        x.view().field(f).unwrap_err(),
        LayoutError::FieldStride {
            record: 8,
            element: 3,
            offset: 0
        }
    );
    assert_eq!((x[[0]].a, x[[0]].c), ([1, 2, 3], 5));
}

/// A field view scales the record strides to the field's element; an axis of
/// length 1 may have any stride, one too large to scale (it was refused as
/// too large), and never steps: the field view reads the same records.
#[test]
fn a_length_one_axis_with_a_huge_stride_has_field_views() {
    let a = particles(2);
    let l = stride_core::Layout::from_parts([1, 2], [isize::MAX, 1], 0).unwrap();
    let v = stride_core::View::from_slice(a.as_slice(), l).unwrap();
    let mass = v.field(MASS).unwrap();
    assert_eq!(mass.shape(), &[1, 2]);
    assert_eq!((mass[[0, 0]], mass[[0, 1]]), (0.0, 0.5));
    let pos = v.field(POS).unwrap();
    assert_eq!(pos[[0, 1, 2]], 21.0);
}

/// An empty view reaches no record, so its strides and offset, however large,
/// need not scale: its field views are empty views (NumPy's too), not errors.
#[test]
fn an_empty_view_with_huge_strides_has_field_views() {
    let a = particles(2);
    let huge = isize::MAX / 4;
    let l = stride_core::Layout::from_parts([0, 3], [huge, huge], 0).unwrap();
    let v = stride_core::View::from_slice(&a.as_slice()[..0], l).unwrap();
    let mass = v.field(MASS).unwrap();
    assert_eq!((mass.shape(), mass.size()), (&[0, 3], 0));
    let pos = v.field(POS).unwrap();
    assert_eq!(pos.shape(), &[0, 3, 3]);
    assert_eq!(pos.iter().count(), 0);
    // Far past a short buffer, too.
    let far = stride_core::Layout::from_parts([2, 0], [1, 1], 1 << 60).unwrap();
    let v = stride_core::View::from_slice(a.as_slice(), far).unwrap();
    assert_eq!(v.field(MASS).unwrap().shape(), &[2, 0]);
}
