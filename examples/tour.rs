//! A tour of NumPy's memory model in `stride`: the layout facts of the five seed
//! texts, reproduced with live values. Run it with
//!
//! ```sh
//! cargo run --release --example tour
//! ```
//!
//! Every fact printed is also checked (`check!`), so the tour doubles as a test.
//! Its last section times the seeds' speed experiments live (medians of a few
//! runs, printed as ratios, never checked: a noisy machine makes timings
//! facts of the moment); the benchmarks (`cargo run --release --example
//! bench_report`) measure them properly, with `ndarray` and memcpy beside.

use std::hint::black_box;
use std::time::{Duration, Instant};

use stride::{
    Array, C, Contiguity, CowArray, DEFAULT_MAX_WORK, F, Layout, LayoutError, Order, Record,
    RowMajor, Sharing, Slice, Strided, View, const_unwrap, kernel, layout, may_share_memory, s,
    shares_memory, window,
};

/// Prints a fact and checks it.
macro_rules! check {
    ($what:expr, $got:expr, $want:expr) => {{
        let got = $got;
        println!("  {:<52} {:?}", $what, got);
        assert_eq!(got, $want, "tour fact failed: {}", $what);
    }};
}

/// A BLAS-style routine that demands column-major storage in its signature (seed 000).
fn column_norms(a: View<'_, f64, 2, F>) -> Vec<f64> {
    let [rows, _] = *a.shape();
    a.as_contiguous_slice()
        .chunks(rows.max(1))
        .map(|col| col.iter().map(|x| x * x).sum::<f64>().sqrt())
        .collect()
}

// Seed 001/004 facts computed by the compiler: these are `const` items.
const X8: Layout<1, C> = const_unwrap(Layout::c([8]));
const X24: Layout<2> = const_unwrap(X8.reshape([2, 4], Order::C));
const X142: Layout<3> = const_unwrap(X8.reshape([1, 4, 2], Order::C));
const ND1: Layout<3, C> = const_unwrap(Layout::c([4, 6, 8]));
const ND2: Layout<3> = const_unwrap(ND1.slice([Slice::FULL, Slice::step_by(2), Slice::step_by(2)]));
const ND2_BYTES: [isize; 3] = const_unwrap(ND2.strides_bytes(8));

fn main() -> Result<(), Box<dyn std::error::Error>> {
    seed_000_strides_and_windows()?;
    seed_001_flags_views_strides()?;
    seed_002_views_copies_broadcasting()?;
    seed_002_memory_mapping_and_npy()?;
    seed_003_avoiding_copies()?;
    seed_004_dtypes_and_strided_slices()?;
    macros_layouts_checked_by_the_compiler()?;
    timings()?;
    println!("\nall tour facts hold");
    Ok(())
}

fn seed_000_strides_and_windows() -> Result<(), LayoutError> {
    println!("== seed 000: strides, zero-copy transpose, sliding windows, memory order ==");
    let arr = Array::<f64, 2>::zeros([3, 4])?;
    check!(
        "arr.strides (bytes), arr.itemsize",
        (arr.strides_bytes()?, size_of::<f64>()),
        ([32, 8], 8)
    );
    let fastest = (0..2)
        .min_by_key(|&k| arr.strides()[k].unsigned_abs())
        .unwrap_or(0);
    check!(
        "axis with the smallest stride (fastest in memory)",
        fastest,
        1
    );
    let t = arr.t();
    check!(
        "arr.T.strides: only the metadata is swapped",
        t.strides_bytes()?,
        [8, 32]
    );
    check!(
        "arr.T shares the data buffer",
        t.as_ptr() == arr.as_ptr(),
        true
    );

    // as_strided, made safe: overlapping windows are checked against the buffer and
    // can only be read.
    let signal = Array::<f64, 1>::arange(0.0, 10.0, 1.0)?;
    let windows: View<f64, 2> = signal.view().sliding_window([4], [0])?;
    check!(
        "sliding_window_view(arange(10), 4).shape",
        *windows.shape(),
        [7, 4]
    );
    check!(
        "... strides (bytes): both axes step one element",
        windows.strides_bytes()?,
        [8, 8]
    );
    check!(
        "... window 2",
        windows
            .index_axis(0, 2)?
            .iter()
            .copied()
            .collect::<Vec<_>>(),
        vec![2.0, 3.0, 4.0, 5.0]
    );
    check!(
        "... windows overlap, so the layout is not unique",
        windows.layout().is_unique(),
        false
    );
    let means: Vec<f64> = (0..7)
        .map(|i| {
            windows
                .index_axis(0, i as isize)
                .map(|w| w.iter().sum::<f64>() / 4.0)
        })
        .collect::<Result<_, _>>()?;
    check!(
        "vectorised moving average over the windows",
        means[..3].to_vec(),
        vec![1.5, 2.5, 3.5]
    );
    let too_far = Layout::from_parts([8, 4], [1, 1], 0)?;
    check!(
        "as_strided past the end is refused",
        View::<f64, 2>::from_slice(signal.as_slice(), too_far).err(),
        Some(LayoutError::OutOfBounds {
            offset: 10,
            len: 10
        })
    );

    // C order for row-wise work, F order for column-wise work and BLAS.
    let c = Array::<f64, 2>::from_fn([3, 2], |[i, j]| (i + 2 * j) as f64)?;
    check!(
        "an API demanding F accepts c.T for free",
        column_norms(c.t()).len(),
        3
    );
    let f: Array<f64, 2, F> = c.to_contiguous()?;
    check!(
        "... or an np.asfortranarray copy",
        column_norms(f.view()),
        vec![(0f64 + 1.0 + 4.0).sqrt(), (4f64 + 9.0 + 16.0).sqrt()]
    );
    Ok(())
}

fn seed_001_flags_views_strides() -> Result<(), LayoutError> {
    println!("\n== seed 001: flags, views and copies, strides ==");
    let x = Array::<i64, 1>::from_vec([3], vec![1, 2, 3])?;
    print!("x = np.array([1, 2, 3]); x.flags\n{}", x.flags());
    check!(
        "C_CONTIGUOUS, F_CONTIGUOUS, OWNDATA",
        (
            x.flags().c_contiguous,
            x.flags().f_contiguous,
            x.flags().owndata
        ),
        (true, true, true)
    );

    // Row and column sums of C and F arrays (10000x10000 in the seed; 2000x2000 here).
    let n = 2000;
    let c_array = Array::<f64, 2>::from_fn([n, n], |[i, j]| ((i * 7 + j) % 13) as f64)?;
    let f_array: Array<f64, 2, F> = c_array.to_contiguous()?;
    let sum_row = |v: View<'_, f64, 2>| v.index_axis(0, 0).map(|r| r.iter().sum::<f64>());
    let sum_col = |v: View<'_, f64, 2>| v.index_axis(1, 0).map(|c| c.iter().sum::<f64>());
    check!(
        "sum_row(c_array) == sum_row(f_array)",
        sum_row(c_array.view().into_strided())? == sum_row(f_array.view().into_strided())?,
        true
    );
    check!(
        "c_array[0, :] stride (bytes): contiguous",
        c_array.view().index_axis(0, 0)?.strides_bytes()?,
        [8]
    );
    check!(
        "c_array[:, 0] stride (bytes): a row apart",
        c_array.view().index_axis(1, 0)?.strides_bytes()?,
        [8 * n as isize]
    );
    check!(
        "f_array[0, :] stride (bytes): a column apart",
        f_array.view().index_axis(0, 0)?.strides_bytes()?,
        [8 * n as isize]
    );
    check!(
        "sum_col(c_array) == sum_col(f_array)",
        sum_col(c_array.view().into_strided())? == sum_col(f_array.view().into_strided())?,
        true
    );

    // Views and copies: y = x[:5, :] is a view; writing y writes x.
    let mut x = Array::<f64, 2>::from_fn([100, 10], |[i, j]| (i * 10 + j) as f64 + 0.5)?;
    check!(
        "np.may_share_memory(x, x[:5, :])",
        may_share_memory(&x.view(), &x.slice([Slice::range(0, 5), Slice::FULL])?),
        true
    );
    x.view_mut()
        .slice([Slice::range(0, 5), Slice::FULL])?
        .fill(0.0);
    check!(
        "after y[:] = 0, x[:5, :] is all zero",
        x.slice([Slice::range(0, 5), Slice::FULL])?
            .iter()
            .all(|&v| v == 0.0),
        true
    );
    let mut y = Array::<f64, 2>::uninit([5, 10])?; // np.empty([5, 10])
    for (d, s) in y
        .iter_mut()
        .zip(x.slice([Slice::range(5, 10), Slice::FULL])?.iter())
    {
        d.write(*s);
    }
    // SAFETY: all 50 elements were written by the loop above (the shapes are equal).
    let mut y = unsafe { y.assume_init() };
    check!(
        "np.may_share_memory(x, y) for a copy",
        may_share_memory(&x.view(), &y.view()),
        false
    );
    y.view_mut().fill(0.0);
    check!(
        "after y[:] = 0 on the copy, x[5, 0] is untouched",
        x[[5, 0]],
        50.5
    );

    // Strides: x = np.arange(8, dtype=np.int8), then new shapes without copying.
    let x = Array::<i8, 1>::arange(0, 8, 1)?;
    check!("x.strides", x.strides_bytes()?, [1]);
    let x24 = x.reshape([2, 4], Order::C)?;
    check!("x.shape = 2, 4; x.strides", x24.strides_bytes()?, [4, 1]);
    let x142 = x.reshape([1, 4, 2], Order::C)?;
    check!(
        "x.shape = 1, 4, 2; x.strides",
        x142.strides_bytes()?,
        [8, 2, 1]
    );
    check!(
        "x.data is the same buffer each time",
        (x24.as_ptr() == x.as_ptr(), x142.as_ptr() == x.as_ptr()),
        (true, true)
    );
    check!(
        "... and the compiler agrees (const items)",
        (*X24.strides(), *X142.strides()),
        ([4, 1], [8, 2, 1])
    );
    let x8 = Array::<i8, 1>::arange(0, 8, 1)?;
    let xf = x8
        .view()
        .into_shape::<2>([2, 4])?
        .t()
        .into_shape::<3>([2, 2, 2])?;
    check!(
        "the Fortran exercise: x.T (F) reshaped in F order",
        xf.strides_bytes()?,
        [1, 2, 4]
    );

    // ones(10000) against ones(10000 * 100)[::100].
    let ones = Array::<f64, 1>::from_elem([10000], 1.0)?;
    let big = Array::<f64, 1>::from_elem([10000 * 100], 1.0)?;
    let y = big.slice([Slice::step_by(100)])?;
    check!(
        "x.shape == y.shape and (x == y).all()",
        (ones.shape() == y.shape(), ones.iter().eq(y.iter())),
        (true, true)
    );
    print!("y.flags\n{}", y.flags());
    check!(
        "x.strides, y.strides",
        (ones.strides_bytes()?, y.strides_bytes()?),
        ([8], [800])
    );
    check!(
        "x.sum() == y.sum()",
        ones.iter().sum::<f64>() == y.iter().sum::<f64>(),
        true
    );

    // The offset formula, and a row of a 3x4 array.
    let x = Array::<f64, 2>::from_fn([3, 4], |[i, j]| (i * 4 + j) as f64)?;
    check!(
        "x.strides for a (3, 4) float64 array",
        x.strides_bytes()?,
        [32, 8]
    );
    check!(
        "offset of x[2, 1] = 32*2 + 8*1 bytes",
        x.layout().offset_of([2, 1])? * 8,
        72
    );
    check!(
        "x.flatten() equals np.array(x.flat)",
        x.flatten(Order::C)?.as_slice() == x.iter().copied().collect::<Vec<_>>().as_slice(),
        true
    );
    check!(
        "x[1]: a stride of 1 on axis 0 is 32 bytes",
        x.index(s![1])?.iter().copied().collect::<Vec<_>>(),
        vec![4.0, 5.0, 6.0, 7.0]
    );
    Ok(())
}

fn seed_002_views_copies_broadcasting() -> Result<(), LayoutError> {
    println!("\n== seed 002: views, copies, strides of C and F arrays, creation, broadcasting ==");
    let mut original = Array::<i64, 1>::from_vec([5], vec![1, 2, 3, 4, 5])?;
    let copy = original.slice([Slice::range(1, 4)])?.to_owned()?;
    original.view_mut().slice([Slice::range(1, 4)])?[[0]] = 10;
    check!(
        "view[0] = 10 changes original",
        original.as_slice(),
        &[1, 10, 3, 4, 5]
    );
    check!("... the copy keeps its values", copy.as_slice(), &[2, 3, 4]);
    let arr = Array::<f64, 2>::from_vec([2, 3], vec![1., 2., 3., 4., 5., 6.])?;
    let arr_f = Array::<f64, 2, F>::from_vec([2, 3], vec![1., 4., 2., 5., 3., 6.])?;
    check!(
        "order='C' strides, order='F' strides",
        (arr.strides_bytes()?, arr_f.strides_bytes()?),
        ([24, 8], [8, 16])
    );
    check!(
        "np.zeros((1000, 1000)).size",
        Array::<f64, 2>::zeros([1000, 1000])?.size(),
        1_000_000
    );
    check!(
        "np.arange(1000000)[-1]",
        Array::<i64, 1>::arange(0, 1_000_000, 1)?[[999_999]],
        999_999
    );
    check!(
        "np.linspace(0, 1, 1000000)[-1]",
        Array::<f64, 1>::linspace(0.0, 1.0, 1_000_000)?[[999_999]],
        1.0
    );
    // c = a * b[:, np.newaxis]: broadcasting without tiling.
    let a = Array::<i64, 1>::from_vec([4], vec![1, 2, 3, 4])?;
    let b = Array::<i64, 1>::from_vec([4], vec![10, 20, 30, 40])?;
    let bc: View<i64, 2> = b.index(s![.., None])?;
    check!(
        "b[:, np.newaxis].strides (bytes): newaxis has stride 0",
        bc.strides_bytes()?,
        [8, 0]
    );
    let shape = stride::broadcast_shapes::<2>(&[a.shape(), bc.shape()])?;
    let (ab, bb) = (a.view().broadcast_to(shape)?, bc.broadcast_to(shape)?);
    check!(
        "broadcast strides (bytes) of a and b[:, None]",
        (ab.strides_bytes()?, bb.strides_bytes()?),
        ([0, 8], [8, 0])
    );
    let c: Vec<i64> = ab.iter().zip(bb.iter()).map(|(x, y)| x * y).collect();
    check!(
        "c[1] (the second row)",
        c[4..8].to_vec(),
        vec![20, 40, 60, 80]
    );
    check!(
        "a 3-vector does not broadcast against a 4-vector",
        stride::broadcast_shapes::<1>(&[&[3], &[4]]).err(),
        Some(LayoutError::ShapesMismatch {
            axis: 0,
            first: 3,
            second: 4
        })
    );
    // Structured arrays: dtype = [('name', 'U10'), ('age', 'i4'), ('weight', 'f4')].
    let people = Array::<Person, 1>::from_vec(
        [2],
        vec![Person::new("Alice", 25, 55.5), Person::new("Bob", 30, 70.2)],
    )?;
    check!(
        "structured dtype of the Person record (what NumPy prints)",
        Person::numpy_dtype(),
        "[('name', '<U10'), ('age', '<i4'), ('weight', '<f4')]".to_owned()
    );
    let ages = people.view().field(Person::FIELDS.age)?;
    check!(
        "structured_array['age'], a zero-copy view: values, stride (bytes)",
        (
            ages.iter().copied().collect::<Vec<_>>(),
            ages.strides_bytes()?
        ),
        (vec![25, 30], [48])
    );
    Ok(())
}

/// Seed 002's memory mapping, and its structured array saved as NumPy saves it.
fn seed_002_memory_mapping_and_npy() -> Result<(), Box<dyn std::error::Error>> {
    use stride::io::{self, Memmap, MemmapMut};
    let dir = std::env::temp_dir().join(format!("stride-tour-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("large_array.dat");
    // mmap_array = np.memmap('large_array.dat', dtype='float64', mode='w+', shape=(1000000,))
    // the file is this program's own, and nothing else opens it while
    // the maps below live.
    // SAFETY: as just said.
    let mut mmap_array = unsafe { MemmapMut::<f64, 1>::create(&path, [1_000_000])? };
    mmap_array.view_mut().fill(1.0);
    mmap_array.view_mut()[[999_999]] = 3.0;
    mmap_array.flush()?;
    drop(mmap_array);
    check!(
        "np.memmap(mode='w+', shape=(1000000,)): the file's bytes",
        std::fs::metadata(&path)?.len(),
        8_000_000
    );
    // SAFETY: as above.
    let again = unsafe { Memmap::<f64, 2, F>::open(&path, [1000, 1000], 0)? };
    check!(
        "mapped again read-only as 1000 x 1000 in F order: sum, a[999, 999]",
        (again.view().sum(), again.view()[[999, 999]]),
        (1_000_002.0, 3.0)
    );
    drop(again);
    // np.save('people.npy', structured_array): NumPy's header, byte for byte.
    let people = Array::<Person, 1>::from_vec(
        [2],
        vec![Person::new("Alice", 25, 55.5), Person::new("Bob", 30, 70.2)],
    )?;
    let npy = dir.join("people.npy");
    io::save(&npy, people.view())?;
    let header = io::read_header(&mut std::fs::File::open(&npy)?)?;
    check!(
        "np.save of the structured array: descr, shape, data offset",
        (
            header.descr(),
            header.shape().to_vec(),
            header.data_offset()
        ),
        (
            "[('name', '<U10'), ('age', '<i4'), ('weight', '<f4')]".to_owned(),
            vec![2],
            192
        )
    );
    // np.load('people.npy')['name']
    let back: Array<Person, 1> = io::load(&npy)?;
    check!(
        "np.load of it: the names",
        back.iter().map(|p| p.name.to_string()).collect::<Vec<_>>(),
        vec!["Alice".to_owned(), "Bob".to_owned()]
    );
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

/// Seed 002's record: `('name', 'U10'), ('age', 'i4'), ('weight', 'f4')`.
/// A [`stride::FixedStr`] is NumPy's `U10` as plain old data, so the record
/// derives `bytemuck::Pod` (the derive checks that there is no padding) and
/// can be saved, loaded and mapped.
#[derive(Clone, Copy, Record, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
struct Person {
    name: stride::FixedStr<10>,
    age: i32,
    weight: f32,
}

impl Person {
    fn new(name: &str, age: i32, weight: f32) -> Self {
        Person {
            name: name.into(),
            age,
            weight,
        }
    }
}

fn seed_003_avoiding_copies() -> Result<(), LayoutError> {
    println!("\n== seed 003: avoiding unnecessary copies (aid()) ==");
    let a = Array::<f64, 1>::zeros([3])?;
    let tail = a.slice([Slice::new(Some(1), None, 1)])?;
    check!(
        "aid(a[1:]) - aid(a): one element further",
        tail.as_ptr() as usize - a.as_ptr() as usize,
        8
    );
    check!(
        "... but the same base buffer (arrays_share_data)",
        tail.base_ptr() == a.view().base_ptr(),
        true
    );
    let mut a = Array::<f64, 1>::zeros([10])?;
    let ax = a.as_ptr();
    check!("aid(a.copy()) == aid(a)", a.clone().as_ptr() == ax, false);
    a.map_inplace(|v| *v *= 2.0);
    check!("a *= 2 keeps the buffer", a.as_ptr() == ax, true);
    let c = a.map(|v| v * 2.0)?;
    check!("c = a * 2 is a new buffer", c.as_ptr() == ax, false);

    let a = Array::<f64, 2>::zeros([100, 100])?;
    let b = a.reshape([1, -1], Order::C)?;
    check!(
        "aid(a.reshape((1, -1))) == aid(a)",
        b.as_ptr() == a.as_ptr(),
        true
    );
    let err = a.t().reshape::<2>([1, -1], Order::C).unwrap_err();
    println!("  a.T.reshape((1, -1)) without copy: {err}");
    check!(
        "... needs a copy",
        matches!(err, LayoutError::NeedsCopy { .. }),
        true
    );
    let cc = a.t().to_shape([1, -1], Order::C)?;
    check!(
        "aid(a.T.reshape((1, -1))) == aid(a) (with copy)",
        cc.as_ptr() == a.as_ptr(),
        false
    );
    let d = a.flatten(Order::C)?;
    let e = a.ravel(Order::C)?;
    check!(
        "aid(a.flatten()) == aid(a)",
        d.as_ptr() == a.as_ptr(),
        false
    );
    check!("aid(a.ravel()) == aid(a)", e.as_ptr() == a.as_ptr(), true);
    check!(
        "a.T.ravel() copies, a.T.ravel('K') does not",
        (
            a.t().ravel(Order::C)?.is_view(),
            a.t().ravel(Order::K)?.is_view()
        ),
        (false, true)
    );
    let strided = Array::<f64, 1>::zeros([10])?;
    let s = strided.slice([Slice::step_by(2)])?;
    check!(
        "ravel is not reshape(-1): a[::2]",
        (
            s.reshape::<1>([-1], Order::C).is_ok(),
            s.ravel(Order::C)?.is_view()
        ),
        (true, false)
    );

    // Outer product by broadcasting instead of tiling.
    let n = 1000;
    let v = Array::<f64, 1>::arange(0.0, n as f64, 1.0)?;
    let ac: View<f64, 2> = v.index(s![:, None])?; // a[:, np.newaxis]
    let ar: View<f64, 2> = v.index(s![None, :])?; // a[np.newaxis, :]
    let (acb, arb) = (ac.broadcast_to([n, n])?, ar.broadcast_to([n, n])?);
    check!(
        "broadcast ac, ar strides (bytes)",
        (acb.strides_bytes()?, arb.strides_bytes()?),
        ([8, 0], [0, 8])
    );
    let outer = Array::<f64, 2>::from_fn([n, n], |[i, j]| acb[[i, j]] * arb[[i, j]])?;
    check!("(ar * ac)[3, 7]", outer[[3, 7]], 21.0);
    check!(
        "the broadcast operands share v's memory",
        (
            acb.as_ptr() == v.as_ptr(),
            shares_memory(&acb, &v.view(), DEFAULT_MAX_WORK)
        ),
        (true, Sharing::Shared)
    );

    let big = Array::<f64, 2>::zeros([500, 500])?;
    check!(
        "a[0, :] vs a[:, 0] strides (bytes)",
        (
            big.index(s![0, :])?.strides_bytes()?,
            big.index(s![:, 0])?.strides_bytes()?
        ),
        ([8], [4000])
    );
    Ok(())
}

fn seed_004_dtypes_and_strided_slices() -> Result<(), LayoutError> {
    println!("\n== seed 004: dtypes, nbytes, astype, strided slices ==");
    let x = Array::<f64, 1>::from_vec([3], vec![100.12, 120.23, 130.91])?;
    check!("np.float64(100.12).nbytes", size_of::<f64>(), 8);
    check!("x.nbytes", size_of_val(x.as_slice()), 24);
    let x2 = x.astype::<f32>()?;
    check!(
        "x.astype(np.float32).nbytes",
        size_of_val(x2.as_slice()),
        12
    );
    let xs = Array::<i64, 1>::from_vec(
        [20],
        vec![
            1, 2, 3, 2, 1, 3, 9, 8, 11, 12, 10, 11, 14, 25, 26, 24, 30, 22, 24, 27,
        ],
    )?;
    check!(
        "X[::4]",
        xs.slice([Slice::step_by(4)])?
            .iter()
            .copied()
            .collect::<Vec<_>>(),
        vec![1, 1, 11, 14, 30]
    );
    let nd_1 = Array::<f64, 3>::zeros([4, 6, 8])?;
    let nd_2 = nd_1.slice([Slice::FULL, Slice::step_by(2), Slice::step_by(2)])?;
    check!("nd_1[::, ::2, ::2].shape", *nd_2.shape(), [4, 3, 4]);
    check!("... strides (bytes)", nd_2.strides_bytes()?, [384, 128, 16]);
    check!(
        "... same data pointer as nd_1",
        nd_2.as_ptr() == nd_1.as_ptr(),
        true
    );
    check!(
        "... and the compiler agrees (const items)",
        ND2_BYTES,
        [384, 128, 16]
    );
    let wide = Array::<f64, 2>::zeros([400, 600 * 20])?;
    let nd_2 = wide.slice([Slice::FULL, Slice::step_by(20)])?;
    check!(
        "randn(400, 600*20)[::, ::20]: shape, strides (bytes)",
        (*nd_2.shape(), nd_2.strides_bytes()?),
        ([400, 600], [96000, 160])
    );
    check!(
        "... flags: C, F",
        (nd_2.flags().c_contiguous, nd_2.flags().f_contiguous),
        (false, false)
    );
    let c: View<f64, 2, C> = wide.view();
    check!(
        "a contiguous copy of it is C-ordered",
        nd_2.to_owned()?.flags().c_contiguous && c.flags().c_contiguous,
        true
    );
    let flat = nd_2.ravel(Order::C)?;
    check!(
        "flattening the strided view copies",
        matches!(flat, CowArray::Owned(_)),
        true
    );
    Ok(())
}

// The same facts, written as NumPy writes them and computed by the compiler.
const A_T: Layout<2, F> = layout!(f64[100, 100].T);
const ROW: Layout<2, C> = layout!(f64[100, 100].reshape(1, -1));
const ND_2: Layout<3, Strided> = layout!(f64[4, 6, 8][:, ::2, ::2]);
const BLOCK: Layout<2, RowMajor> = layout!(f64[6, 10][1:4, 2:5]);
const FRAMES: Layout<2, Strided> = window!(f64[10], 4, step = 2);

layout! {
    /// Seed 001's int8 arange(8) seen as (1, 4, 2).
    struct Int8By142 = i8[8].reshape(1, 4, -1);
}

fn macros_layouts_checked_by_the_compiler() -> Result<(), LayoutError> {
    println!("\n== the macros: the same layouts, known to the compiler ==");
    check!(
        "layout!(f64[100, 100].T): strides, and F in the type",
        (A_T.strides_bytes(8)?, A_T.contiguity()),
        ([8, 800], Contiguity::F)
    );
    check!(
        "layout!(f64[100, 100].reshape(1, -1)): a view",
        *ROW.strides(),
        [10000, 1]
    );
    check!(
        "layout!(f64[4, 6, 8][:, ::2, ::2]) strides (bytes)",
        ND_2.strides_bytes(8)?,
        [384, 128, 16]
    );
    check!(
        "a block a[1:4, 2:5] is RowMajor: unit inner stride, leading dimension",
        (BLOCK.strides()[1], BLOCK.strides()[0], BLOCK.contiguity()),
        (1, 10, Contiguity::RowMajor)
    );
    check!(
        "window!(f64[10], 4, step = 2): frames, strides",
        (*FRAMES.shape(), *FRAMES.strides()),
        ([4, 4], [2, 1])
    );
    check!(
        "layout! { struct Int8By142 = i8[8].reshape(1, 4, -1); }: STRIDES",
        Int8By142::STRIDES,
        [8, 2, 1]
    );
    let x = Array::<f64, 2>::from_fn([4, 6], |[i, j]| (10 * i + j) as f64)?;
    check!(
        "x.index(s![1, ::2]): rank 1 inferred by the compiler",
        x.index(s![1, ::2])?.iter().copied().collect::<Vec<_>>(),
        vec![10.0, 12.0, 14.0]
    );
    let signal = Array::<f64, 1>::arange(0.0, 10.0, 1.0)?;
    let w = window!(signal.view(), 4, step = 2)?;
    check!(
        "window!(signal, 4, step = 2) over a run-time view: shape",
        *w.shape(),
        [4, 4]
    );
    // a.T.reshape(1, -1) written with layout! does not compile; the message,
    // from the UI test that pins it:
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/ui/layout_reshape_after_transpose.stderr"
    );
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let first = text.lines().next().unwrap_or_default();
            println!("  layout!(f64[100, 100].T.reshape(1, -1)) is rejected by the compiler:");
            println!("    {first}");
            check!(
                "... and the message names the axes",
                first.contains("axes 0 (length 100, stride 1) and 1 (length 100, stride 100)"),
                true
            );
        }
        Err(e) => println!("  (the UI test's message could not be read: {e})"),
    }
    Ok(())
}

/// The median of `reps` timed runs of `f`.
fn median(reps: usize, mut f: impl FnMut()) -> Duration {
    let mut t: Vec<Duration> = (0..reps)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    t.sort();
    t[reps / 2]
}

/// Prints one timed comparison: both medians and their ratio.
fn ratio(
    what: &str,
    seed_says: &str,
    (a_name, a): (&str, Duration),
    (b_name, b): (&str, Duration),
) {
    let r = b.as_secs_f64() / a.as_secs_f64().max(1e-12);
    println!("  {what}");
    println!("    {a_name:<44} {a:>10.2?}");
    println!("    {b_name:<44} {b:>10.2?}   {r:>6.2}x   (seed: {seed_says})");
}

/// The seeds' speed experiments, live: row vs column sums, strided vs
/// contiguous, in place vs new, fused vs two passes.
fn timings() -> Result<(), LayoutError> {
    println!(
        "\n== timings (medians on this machine, ratios only; the benchmarks measure properly) =="
    );
    // Seed 000: summing a row vs a column of a C array, and whole C vs F sums.
    let n = 4000;
    let a = Array::<f64, 2>::from_fn([n, n], |[i, j]| ((i * 7 + j * 13) % 101) as f64)?;
    let f = a.to_contiguous::<F>()?;
    let row = median(51, || {
        black_box(a.index(s![0, ..]).map(|r| r.sum()).unwrap_or(0.0));
    });
    let col = median(51, || {
        black_box(a.index(s![.., 0]).map(|c| c.sum()).unwrap_or(0.0));
    });
    ratio(
        "sum of row 0 vs column 0 of a C 4000x4000 f64 (stride 8 B vs 32 000 B)",
        "20-80x slower",
        ("a[0, :].sum()", row),
        ("a[:, 0].sum()", col),
    );
    let sum_c = median(5, || {
        black_box(a.sum());
    });
    let sum_f = median(5, || {
        black_box(f.sum());
    });
    ratio(
        "full sum of the C array vs its F copy: memory order either way",
        "NumPy: about 1x",
        ("a.sum() (C)", sum_c),
        ("f.sum() (F)", sum_f),
    );
    // Seed 001: strided vs contiguous.
    let ones = Array::<f64, 1>::ones([10_000])?;
    let big = Array::<f64, 1>::ones([1_000_000])?;
    let contiguous = median(101, || {
        black_box(ones.sum());
    });
    let strided = median(101, || {
        black_box(big.index(s![..;100]).map(|v| v.sum()).unwrap_or(0.0));
    });
    ratio(
        "ones(10000).sum() vs ones(1000000)[::100].sum(): 10 000 elements each",
        "3-8x slower",
        ("contiguous", contiguous),
        ("[::100] (one element per cache line)", strided),
    );
    // Seed 003: in place vs a new array.
    let m = 4_000_000;
    let mut x = Array::<f64, 1>::from_fn([m], |[i]| i as f64)?;
    let inplace = median(11, || {
        x *= 2.0;
        black_box(&x);
    });
    let new = median(11, || {
        black_box(&x * 2.0);
    });
    ratio(
        "a *= 2 vs b = a * 2 on 4e6 f64",
        "NumPy: 4-13x slower",
        ("a *= 2.0 (in place)", inplace),
        ("let b = &a * 2.0 (a new array)", new),
    );
    // Seed 003: one fused pass (numexpr's point) vs two passes, on a strided input.
    let wide = Array::<f64, 2>::from_fn([1000, 12_000], |[i, j]| (i + j) as f64)?;
    let xs = wide.slice([Slice::FULL, Slice::step_by(20)])?;
    // Both make a new array, as numexpr's `evaluate` and NumPy's operators do.
    let fused = median(11, || {
        black_box(kernel!(_[[i, j]] = 2.0 * xs[[i, j]] + 48.0).expect("shapes agree"));
    });
    let two = median(11, || {
        let t = &xs * 2.0;
        black_box(&t + 48.0);
    });
    ratio(
        "2*x + 48 on x = a[:, ::20]: one fused pass vs two",
        "numexpr about 2x faster than NumPy",
        ("kernel!(_[[i, j]] = 2.0 * x[[i, j]] + 48.0)", fused),
        ("&(&x * 2.0) + 48.0 (a temporary)", two),
    );
    Ok(())
}
