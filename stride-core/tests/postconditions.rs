//! Postconditions of the layout algebra on random layouts (CuTe style: "for every
//! index, the result maps where the input mapped"), independent of the oracle:
//! - a reshape or ravel that says "view" reads exactly the input's offsets, in the
//!   input's order for the reshape's order;
//! - a copy's layout is packed in the requested order;
//! - every view operation reaches only offsets the input reaches.

use stride_core::{DynLayout, Item, Order, Slice, ViewOrCopy};

/// xorshift64*: deterministic, no dependencies.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn signed(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
}

/// A random view of a random C base: random slices (steps of either sign), a
/// random permutation, sometimes a new axis.
fn random_view(rng: &mut Rng) -> DynLayout {
    let rank = 1 + rng.below(4) as usize;
    let shape: Vec<usize> = (0..rank).map(|_| rng.below(6) as usize).collect();
    let base = DynLayout::c(&shape).unwrap();
    let items: Vec<Item> = (0..rank)
        .map(|_| match rng.below(4) {
            0 => Item::FULL,
            1 => Item::Slice(Slice::REVERSE),
            2 => Item::Slice(Slice::new(
                Some(rng.signed(-3, 3) as isize),
                None,
                rng.signed(1, 3) as isize,
            )),
            _ => Item::Slice(Slice::new(
                None,
                Some(rng.signed(-4, 4) as isize),
                -(rng.signed(1, 2) as isize),
            )),
        })
        .collect();
    let mut v = base.index(&items).unwrap();
    let mut perm: Vec<isize> = (0..v.rank() as isize).collect();
    for i in (1..perm.len()).rev() {
        perm.swap(i, rng.below(i as u64 + 1) as usize);
    }
    v = v.permute(&perm).unwrap();
    if rng.below(4) == 0 {
        v = v.index(&[Item::NewAxis]).unwrap();
    }
    v
}

/// A random target shape of the same size, with maybe one -1 and some 1s.
fn random_target(rng: &mut Rng, size: usize) -> Vec<isize> {
    let mut dims = Vec::new();
    let mut left = size;
    while left > 1 && dims.len() < 5 {
        let divisors: Vec<usize> = (2..=left).filter(|&d| left.is_multiple_of(d)).collect();
        let d = divisors[rng.below(divisors.len() as u64) as usize];
        dims.push(d as isize);
        left /= d;
        if rng.below(5) == 0 {
            dims.push(1);
        }
    }
    if size == 0 {
        dims = vec![0, 1 + rng.below(3) as isize];
    }
    if dims.is_empty() || rng.below(3) == 0 {
        dims.push(1);
    }
    if rng.below(3) == 0 && size > 0 {
        let k = rng.below(dims.len() as u64) as usize;
        dims[k] = -1;
    }
    dims
}

fn offsets_in(l: &DynLayout, order: Order) -> Vec<usize> {
    l.element_offsets(order)
        .expect("the test's layouts fit in memory")
}

#[test]
fn reshape_views_read_the_same_offsets_in_order() {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let cases = if cfg!(miri) { 60 } else { 20_000 };
    let (mut views, mut copies) = (0, 0);
    for _ in 0..cases {
        let v = random_view(&mut rng);
        let target = random_target(&mut rng, v.size());
        for order in [Order::C, Order::F, Order::A] {
            let Ok((outcome, r)) = v.reshape(&target, order) else {
                continue;
            };
            assert_eq!(r.size(), v.size());
            let read = match order {
                Order::A if v.is_f_contiguous() && !v.is_c_contiguous() => Order::F,
                Order::A => Order::C,
                o => o,
            };
            match outcome {
                ViewOrCopy::View => {
                    views += 1;
                    assert_eq!(
                        offsets_in(&r, read),
                        offsets_in(&v, read),
                        "{v:?} -> {target:?} ({order:?})"
                    );
                }
                ViewOrCopy::Copy => {
                    copies += 1;
                    let packed = if read == Order::F {
                        r.is_f_contiguous()
                    } else {
                        r.is_c_contiguous()
                    };
                    assert!(packed && r.offset() == 0, "copy layout not packed: {r:?}");
                }
            }
        }
    }
    assert!(
        views > cases && copies > cases / 20,
        "weak sample: {views} views, {copies} copies"
    );
}

#[test]
fn ravel_views_read_the_same_offsets() {
    let mut rng = Rng(0x5EED_1234_ABCD_0002);
    let cases = if cfg!(miri) { 60 } else { 20_000 };
    for _ in 0..cases {
        let v = random_view(&mut rng);
        for order in [Order::C, Order::F, Order::A, Order::K] {
            let (outcome, r) = v.ravel(order);
            if outcome == ViewOrCopy::View {
                let mut got = offsets_in(&r, Order::C);
                let mut want = offsets_in(&v, Order::C);
                if order == Order::K {
                    // K reads memory order: the same set of offsets, ascending.
                    got.sort_unstable();
                    want.sort_unstable();
                } else {
                    let read = if order == Order::F
                        || (order == Order::A && v.is_f_contiguous() && !v.is_c_contiguous())
                    {
                        Order::F
                    } else {
                        Order::C
                    };
                    want = offsets_in(&v, read);
                }
                assert_eq!(got, want, "{v:?} ravel {order:?}");
            }
        }
    }
}

#[test]
fn view_operations_stay_inside_their_input() {
    let mut rng = Rng(0x5EED_1234_ABCD_0003);
    let cases = if cfg!(miri) { 60 } else { 10_000 };
    for _ in 0..cases {
        let v = random_view(&mut rng);
        let reach: std::collections::HashSet<usize> =
            offsets_in(&v, Order::C).into_iter().collect();
        let mut derived = Vec::new();
        let axis = rng.below(v.rank() as u64) as isize;
        if let Ok(w) = v.sliding_window(
            &[rng.below(4) as usize],
            &[axis],
            &[1 + rng.below(3) as usize],
            &[1 + rng.below(2) as usize],
        ) {
            derived.push(w);
        }
        let target: Vec<usize> = std::iter::once(3)
            .chain(v.shape().iter().map(|&n| if n == 1 { 4 } else { n }))
            .collect();
        if let Ok(b) = v.broadcast_to(&target) {
            derived.push(b);
        }
        if let Ok(i) = v.index(&[Item::Index(-1)]) {
            derived.push(i);
        }
        for d in derived {
            for off in offsets_in(&d, Order::C) {
                assert!(reach.contains(&off), "{d:?} reaches {off} outside {v:?}");
            }
        }
    }
}
