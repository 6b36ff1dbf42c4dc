//! Property test: random chains of layout operations with extreme arguments (sizes,
//! steps, dilations and indices near `usize::MAX` / `isize::MAX`, negative strides)
//! never produce a layout that reaches outside `[0, required_len)`, and no view
//! built on one reads outside its buffer.
//!
//! Every `Ok` layout is checked against offsets recomputed in `i128` (so that no
//! overflow in the library can hide in the check), then put over a real buffer
//! when it is small enough to read, or over a too-small buffer (which must be
//! refused) when it is not. Under Miri a small number of cases runs, so any read
//! outside a buffer is caught by the interpreter as well.

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use stride_core::{DynLayout, Item, Layout, Order, Slice, View};

/// Values that break careless arithmetic, mixed with ordinary small ones.
fn extreme_usize() -> impl Strategy<Value = usize> {
    prop_oneof![
        30 => 0usize..8,
        1 => Just(usize::MAX),
        1 => Just(usize::MAX / 2),
        1 => Just(usize::MAX / 3),
        1 => Just(isize::MAX as usize),
        1 => Just(isize::MAX as usize + 1),
        1 => Just(1usize << 32),
        1 => Just((1usize << 62) + 1),
    ]
}

fn extreme_isize() -> impl Strategy<Value = isize> {
    prop_oneof![
        30 => -8isize..8,
        1 => Just(isize::MAX),
        1 => Just(isize::MIN),
        1 => Just(isize::MIN + 1),
        1 => Just(isize::MAX / 2),
        1 => Just(-(isize::MAX / 3)),
        1 => Just(1isize << 40),
    ]
}

fn opt_isize() -> impl Strategy<Value = Option<isize>> {
    prop_oneof![1 => Just(None), 3 => extreme_isize().prop_map(Some)]
}

fn item() -> impl Strategy<Value = Item> {
    prop_oneof![
        2 => extreme_isize().prop_map(Item::Index),
        4 => (opt_isize(), opt_isize(), extreme_isize())
            .prop_map(|(a, b, s)| Item::Slice(Slice::new(a, b, s))),
        1 => Just(Item::NewAxis),
        1 => Just(Item::Ellipsis),
    ]
}

/// One operation of a chain, with its (possibly absurd) arguments.
#[derive(Clone, Debug)]
enum Op {
    Index(Vec<Item>),
    Permute(Vec<isize>),
    Transpose,
    Diagonal(isize, isize, isize),
    BroadcastTo(Vec<usize>),
    Window(Vec<usize>, Vec<isize>, Vec<usize>, Vec<usize>),
    Reshape(Vec<isize>, Order),
    Ravel(Order),
}

/// The orders a reshape reads in (`K` is refused, as NumPy does:
/// `friction.rs` checks that).
fn reshape_order() -> impl Strategy<Value = Order> {
    prop_oneof![Just(Order::C), Just(Order::F), Just(Order::A)]
}

fn order() -> impl Strategy<Value = Order> {
    prop_oneof![
        Just(Order::C),
        Just(Order::F),
        Just(Order::A),
        Just(Order::K)
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => prop::collection::vec(item(), 0..4).prop_map(Op::Index),
        1 => prop::collection::vec(-4isize..4, 0..5).prop_map(Op::Permute),
        1 => Just(Op::Transpose),
        1 => (extreme_isize(), -4isize..4, -4isize..4).prop_map(|(k, a, b)| Op::Diagonal(k, a, b)),
        2 => prop::collection::vec(extreme_usize(), 0..5).prop_map(Op::BroadcastTo),
        3 => (1usize..3).prop_flat_map(|n| (
                prop::collection::vec(extreme_usize(), n),
                prop::collection::vec(-3isize..3, n),
                prop::collection::vec(extreme_usize(), n),
                prop::collection::vec(extreme_usize(), n),
            )).prop_map(|(w, a, s, d)| Op::Window(w, a, s, d)),
        3 => (prop::collection::vec(extreme_isize(), 0..5), reshape_order())
            .prop_map(|(s, o)| Op::Reshape(s, o)),
        1 => order().prop_map(Op::Ravel),
    ]
}

/// A base layout: packed (C or F) with extreme dims, or any strides at all.
fn base() -> impl Strategy<Value = Result<DynLayout, stride_core::LayoutError>> {
    prop_oneof![
        (prop::collection::vec(extreme_usize(), 0..5), any::<bool>()).prop_map(|(s, f)| if f {
            DynLayout::f(&s)
        } else {
            DynLayout::c(&s)
        }),
        (1usize..5)
            .prop_flat_map(|n| (
                prop::collection::vec(extreme_usize(), n),
                prop::collection::vec(extreme_isize(), n),
                extreme_usize(),
            ))
            .prop_map(|(s, st, o)| DynLayout::from_parts(&s, &st, o)),
    ]
}

fn apply(l: &DynLayout, op: &Op) -> Result<DynLayout, stride_core::LayoutError> {
    match op {
        Op::Index(items) => l.index(items),
        Op::Permute(p) => l.permute(p),
        Op::Transpose => Ok(l.transpose()),
        Op::Diagonal(k, a, b) => l.diagonal(*k, *a, *b),
        Op::BroadcastTo(s) => l.broadcast_to(s),
        Op::Window(w, a, s, d) => l.sliding_window(w, a, s, d),
        Op::Reshape(s, o) => l.reshape(s, *o).map(|(_, r)| r),
        Op::Ravel(o) => Ok(l.ravel(*o).1),
    }
}

/// Lowest and highest offset reached, recomputed in i128 (None when empty).
fn exact_bounds(l: &DynLayout) -> Option<(i128, i128)> {
    if l.shape().contains(&0) {
        return None;
    }
    let (mut lo, mut hi) = (l.offset() as i128, l.offset() as i128);
    for (&n, &s) in l.shape().iter().zip(l.strides()) {
        let reach = s as i128 * (n as i128 - 1);
        if reach > 0 {
            hi += reach;
        } else {
            lo += reach;
        }
    }
    Some((lo, hi))
}

/// Largest buffer the test allocates and reads through (elements).
const READ_CAP: usize = if cfg!(miri) { 64 } else { 1 << 14 };

macro_rules! with_rank {
    ($n:expr, $c:ident, $body:expr) => {
        match $n {
            0 => {
                const $c: usize = 0;
                $body
            }
            1 => {
                const $c: usize = 1;
                $body
            }
            2 => {
                const $c: usize = 2;
                $body
            }
            3 => {
                const $c: usize = 3;
                $body
            }
            4 => {
                const $c: usize = 4;
                $body
            }
            5 => {
                const $c: usize = 5;
                $body
            }
            6 => {
                const $c: usize = 6;
                $body
            }
            7 => {
                const $c: usize = 7;
                $body
            }
            8 => {
                const $c: usize = 8;
                $body
            }
            9 => {
                const $c: usize = 9;
                $body
            }
            10 => {
                const $c: usize = 10;
                $body
            }
            _ => {}
        }
    };
}

/// The property, for one layout the library accepted.
fn check_layout(l: &DynLayout) -> Result<(), TestCaseError> {
    let need = l.required_len();
    prop_assert!(
        need <= isize::MAX as usize + 1,
        "required_len {need} of {l:?}"
    );
    match exact_bounds(l) {
        None => prop_assert_eq!(need, 0),
        Some((lo, hi)) => {
            prop_assert!(lo >= 0, "reaches {lo} before the buffer: {l:?}");
            prop_assert!(
                hi < need as i128,
                "reaches {hi} past required_len {need}: {l:?}"
            );
            prop_assert!(l.check_fits(need).is_ok());
            prop_assert!(
                l.check_fits(need - 1).is_err(),
                "{l:?} fits in {}",
                need - 1
            );
        }
    }
    with_rank!(l.rank(), R, {
        let typed: Layout<R> = l.to_layout().expect("rank matches");
        prop_assert_eq!(typed.required_len(), need);
        if need <= READ_CAP && l.size() <= READ_CAP {
            let buf: Vec<u32> = (0..need as u32).collect();
            let v = View::<u32, R>::from_slice(&buf, typed).expect("fits its required length");
            let offsets = l
                .element_offsets(Order::C)
                .expect("fits its required length");
            let read: Vec<usize> = v.iter().map(|&x| x as usize).collect();
            prop_assert_eq!(read, offsets);
            if need > 0 {
                prop_assert!(View::<u32, R>::from_slice(&buf[..need - 1], typed).is_err());
            }
        } else {
            // Too large to read: a small buffer must be refused.
            let buf = [0u32; 4];
            if need > buf.len() {
                prop_assert!(View::<u32, R>::from_slice(&buf, typed).is_err());
            }
        }
    });
    Ok(())
}

fn config() -> Config {
    Config {
        cases: if cfg!(miri) { 12 } else { 20_000 },
        failure_persistence: if cfg!(miri) {
            None
        } else {
            Some(Box::new(FileFailurePersistence::Off))
        },
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_chains_stay_inside_their_buffer(
        base in base(),
        ops in prop::collection::vec(op(), 0..8),
    ) {
        let Ok(mut l) = base else { return Ok(()) };
        check_layout(&l)?;
        for op in &ops {
            // A refused operation leaves the layout as it was; go on with the next.
            if let Ok(next) = apply(&l, op) {
                check_layout(&next)?;
                l = next;
            }
        }
    }
}
