//! `.npy` files and memory maps, checked against files NumPy itself wrote
//! (`tests/data/npy/make.py`, NumPy 2.4.6): every fixture is read back as the
//! array NumPy saved, every one `np.save` wrote is written again byte for
//! byte, and hostile files (truncated, corrupted, lying about their size)
//! give an error, never a panic or an allocation the file does not back.
//!
//! The tests that touch the file system or map memory are named `file_*` and
//! `memmap_*`; the others run under Miri (`cargo miri test --test npy`).

use std::path::PathBuf;

use stride::io::{self, Memmap, MemmapMut, NpyError};
use stride::{Array, C, F, FixedStr, Record, Strided, View};

fn fixture(name: &str) -> Vec<u8> {
    match name {
        // Miri cannot read files without -Zmiri-disable-isolation: the
        // fixtures the Miri tests use are compiled in.
        "f8_c_2x3.npy" => include_bytes!("data/npy/f8_c_2x3.npy").to_vec(),
        "f8_f_2x3.npy" => include_bytes!("data/npy/f8_f_2x3.npy").to_vec(),
        "f8_t_3x2.npy" => include_bytes!("data/npy/f8_t_3x2.npy").to_vec(),
        "f8_v2.npy" => include_bytes!("data/npy/f8_v2.npy").to_vec(),
        "f8_v3.npy" => include_bytes!("data/npy/f8_v3.npy").to_vec(),
        "f8_0x3.npy" => include_bytes!("data/npy/f8_0x3.npy").to_vec(),
        "f8_big_endian.npy" => include_bytes!("data/npy/f8_big_endian.npy").to_vec(),
        "f4_scalar.npy" => include_bytes!("data/npy/f4_scalar.npy").to_vec(),
        "i4_2x3x4.npy" => include_bytes!("data/npy/i4_2x3x4.npy").to_vec(),
        "i8_strided_4x4.npy" => include_bytes!("data/npy/i8_strided_4x4.npy").to_vec(),
        "u1_10.npy" => include_bytes!("data/npy/u1_10.npy").to_vec(),
        "b1_4.npy" => include_bytes!("data/npy/b1_4.npy").to_vec(),
        "particles.npy" => include_bytes!("data/npy/particles.npy").to_vec(),
        "padded_records.npy" => include_bytes!("data/npy/padded_records.npy").to_vec(),
        "utf8_header.npy" => include_bytes!("data/npy/utf8_header.npy").to_vec(),
        "wide_header.npy" => include_bytes!("data/npy/wide_header.npy").to_vec(),
        "people.npy" => include_bytes!("data/npy/people.npy").to_vec(),
        "c16_2x2.npy" => include_bytes!("data/npy/c16_2x2.npy").to_vec(),
        "c8_big_endian.npy" => include_bytes!("data/npy/c8_big_endian.npy").to_vec(),
        "named.npz" => include_bytes!("data/npy/named.npz").to_vec(),
        "compressed.npz" => include_bytes!("data/npy/compressed.npz").to_vec(),
        "positional.npz" => include_bytes!("data/npy/positional.npz").to_vec(),
        "colliding.npz" => include_bytes!("data/npy/colliding.npz").to_vec(),
        "U3_big_endian.npy" => include_bytes!("data/npy/U3_big_endian.npy").to_vec(),
        _ => panic!("no fixture {name}"),
    }
}

fn path_of(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/npy")
        .join(name)
}

fn read<T, const R: usize, O>(name: &str) -> Result<Array<T, R, O>, NpyError>
where
    T: stride::DType + bytemuck::CheckedBitPattern,
    O: stride::OrderMarker,
{
    io::read_npy(&mut fixture(name).as_slice())
}

fn write<T: stride::DType + bytemuck::NoUninit, const R: usize, O: stride::OrderMarker>(
    v: View<'_, T, R, O>,
) -> Vec<u8> {
    let mut out = Vec::new();
    io::write_npy(&mut out, v).unwrap();
    out
}

fn base() -> Array<f64, 2> {
    Array::from_fn([2, 3], |[i, j]| (3 * i + j) as f64).unwrap()
}

#[derive(Clone, Copy, Debug, PartialEq, Record, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
struct Particle {
    pos: [f32; 3],
    vel: [f32; 3],
    mass: f64,
}

fn particles() -> Vec<Particle> {
    (0..3)
        .map(|i| {
            let row = |s: f32| std::array::from_fn(|k| s * (3 * i + k) as f32);
            Particle {
                pos: row(1.0),
                vel: row(-1.0),
                mass: (i + 1) as f64,
            }
        })
        .collect()
}

/// NumPy's `np.dtype([('x', '<f8'), ('id', '<i4')], align=True)`: 4 bytes of
/// padding, so it can be read and viewed (`AnyBitPattern`) but not written.
#[derive(Clone, Copy, Debug, PartialEq, Record, bytemuck::AnyBitPattern)]
#[repr(C)]
struct Padded {
    x: f64,
    id: i32,
}

/// A field name outside latin-1: `np.save` writes format 3.0.
#[derive(Clone, Copy, Debug, PartialEq, Record, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
struct Step {
    时间: f64,
}

/// Seed 002's record: `[('name', 'U10'), ('age', 'i4'), ('weight', 'f4')]`:
/// no padding (40 + 4 + 4 bytes, alignment 4), so it can be written
/// (`NoUninit`, whose derive checks that).
#[derive(Clone, Copy, Record, bytemuck::NoUninit)]
#[repr(C)]
struct Person {
    name: [char; 10],
    age: i32,
    weight: f32,
}

/// The same record with the name as a [`FixedStr`]: plain old data, so it
/// can also be read back, viewed and mapped.
#[derive(Clone, Copy, Debug, PartialEq, Record, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
struct Named {
    name: FixedStr<10>,
    age: i32,
    weight: f32,
}

impl Person {
    fn new(name: &str, age: i32, weight: f32) -> Self {
        let mut chars = ['\0'; 10];
        for (slot, c) in chars.iter_mut().zip(name.chars()) {
            *slot = c;
        }
        Person {
            name: chars,
            age,
            weight,
        }
    }
}

#[test]
fn numpy_files_read_as_numpy_wrote_them() {
    let c: Array<f64, 2> = read("f8_c_2x3.npy").unwrap();
    assert_eq!(c, base());
    // An F file read as F is taken as it is; read as C it is copied into C.
    let f: Array<f64, 2, F> = read("f8_f_2x3.npy").unwrap();
    assert_eq!(f, base());
    assert_eq!(f.as_slice(), &[0.0, 3.0, 1.0, 4.0, 2.0, 5.0]);
    let fc: Array<f64, 2> = read("f8_f_2x3.npy").unwrap();
    assert_eq!(fc.as_slice(), base().as_slice());
    let fs: Array<f64, 2, Strided> = read("f8_f_2x3.npy").unwrap();
    assert_eq!(fs.strides(), &[1, 2]);
    let t: Array<f64, 2, F> = read("f8_t_3x2.npy").unwrap();
    assert_eq!(t.view(), base().t());
    for name in ["f8_v2.npy", "f8_v3.npy"] {
        assert_eq!(read::<f64, 2, C>(name).unwrap(), base(), "{name}");
    }
    let e: Array<f64, 2> = read("f8_0x3.npy").unwrap();
    assert_eq!(e.shape(), &[0, 3]);
    let s: Array<f32, 0> = read("f4_scalar.npy").unwrap();
    assert_eq!(s[[]], 3.5);
    let i: Array<i32, 3> = read("i4_2x3x4.npy").unwrap();
    assert_eq!(
        i,
        Array::<i32, 3>::from_fn([2, 3, 4], |[a, b, c]| (12 * a + 4 * b + c) as i32).unwrap()
    );
    // np.save of arange(40).reshape(4, 10)[:, ::3]: a C copy of the view.
    let st: Array<i64, 2> = read("i8_strided_4x4.npy").unwrap();
    assert_eq!(
        st,
        Array::<i64, 2>::from_fn([4, 4], |[i, j]| (10 * i + 3 * j) as i64).unwrap()
    );
    let u: Array<u8, 1> = read("u1_10.npy").unwrap();
    assert_eq!(u.as_slice(), &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    let b: Array<bool, 1> = read("b1_4.npy").unwrap();
    assert_eq!(b.as_slice(), &[true, false, true, true]);
    let p: Array<Particle, 1> = read("particles.npy").unwrap();
    assert_eq!(p.as_slice(), particles().as_slice());
    let mass = p.view().field(Particle::FIELDS.mass).unwrap();
    assert_eq!(mass.iter().copied().collect::<Vec<_>>(), [1.0, 2.0, 3.0]);
    let q: Array<Padded, 1> = read("padded_records.npy").unwrap();
    assert_eq!(
        q.as_slice(),
        &[Padded { x: 0.5, id: 7 }, Padded { x: 1.5, id: 8 }]
    );
    let d: Array<Step, 1> = read("utf8_header.npy").unwrap();
    assert_eq!(d.as_slice(), &[Step { 时间: 0.0 }; 2]);
}

#[test]
fn headers_give_version_order_shape_and_descr() {
    let h = |name: &str| io::read_header(&mut fixture(name).as_slice()).unwrap();
    let f = h("f8_f_2x3.npy");
    assert_eq!(
        (f.descr().as_str(), f.fortran_order(), f.shape()),
        ("'<f8'", true, &[2, 3][..])
    );
    assert_eq!((f.version(), f.data_offset()), ((1, 0), 128));
    assert_eq!(h("f8_v2.npy").version(), (2, 0));
    assert_eq!(h("f8_v3.npy").version(), (3, 0));
    assert_eq!(h("utf8_header.npy").descr(), "[('时间', '<f8')]");
    if !cfg!(miri) {
        // 75 KB of header: minutes under Miri, for the same code as above.
        let w = h("wide_header.npy");
        assert_eq!((w.version(), w.shape()), ((2, 0), &[1][..]));
        assert!(w.descr().starts_with("[('f0', '|u1'), ('f1', '|u1'),"));
        assert_eq!(w.data_offset() % 64, 0);
    }
    assert_eq!(
        h("padded_records.npy").descr(),
        "[('x', '<f8'), ('id', '<i4'), ('', '|V4')]"
    );
}

#[test]
fn writes_match_np_save_byte_for_byte() {
    let b = base();
    assert_eq!(write(b.view()), fixture("f8_c_2x3.npy"));
    let f = b.view().to_contiguous::<F>().unwrap();
    assert_eq!(write(f.view()), fixture("f8_f_2x3.npy"));
    assert_eq!(write(b.t()), fixture("f8_t_3x2.npy"));
    // A view that is neither C- nor F-contiguous is written in C order.
    let a40 = Array::<i64, 1>::arange(0, 40, 1)
        .unwrap()
        .into_shape([4, 10])
        .unwrap();
    let every3 = a40.index(stride::s![.., ..;3]).unwrap();
    assert_eq!(write(every3), fixture("i8_strided_4x4.npy"));
    let i = Array::<i32, 1>::arange(0, 24, 1)
        .unwrap()
        .into_shape([2, 3, 4])
        .unwrap();
    assert_eq!(write(i.view()), fixture("i4_2x3x4.npy"));
    assert_eq!(
        write(Array::<u8, 1>::arange(0, 10, 1).unwrap().view()),
        fixture("u1_10.npy")
    );
    let bools = Array::<bool, 1>::from_vec([4], vec![true, false, true, true]).unwrap();
    assert_eq!(write(bools.view()), fixture("b1_4.npy"));
    let s = Array::<f32, 0>::from_vec([], vec![3.5]).unwrap();
    assert_eq!(write(s.view()), fixture("f4_scalar.npy"));
    assert_eq!(
        write(Array::<f64, 2>::zeros([0, 3]).unwrap().view()),
        fixture("f8_0x3.npy")
    );
    let p = Array::<Particle, 1>::from_vec([3], particles()).unwrap();
    assert_eq!(write(p.view()), fixture("particles.npy"));
    let d = Array::<Step, 1>::from_vec([2], vec![Step { 时间: 0.0 }; 2]).unwrap();
    assert_eq!(write(d.view()), fixture("utf8_header.npy"));
    // Seed 002's structured array, unicode names and all.
    let people = vec![Person::new("Alice", 25, 55.5), Person::new("Bob", 30, 70.2)];
    let people = Array::<Person, 1>::from_vec([2], people).unwrap();
    assert_eq!(write(people.view()), fixture("people.npy"));
}

#[test]
fn wrong_types_ranks_and_orders_are_named() {
    let msg = |e: NpyError| e.to_string();
    assert_eq!(
        msg(read::<f32, 2, C>("f8_c_2x3.npy").unwrap_err()),
        "the file holds elements of dtype '<f8', not '<f4' (`f32`)"
    );
    // A copy swaps the other byte order; a view cannot.
    assert_eq!(
        read::<f64, 1, C>("f8_big_endian.npy").unwrap().as_slice(),
        &[0.0, 1.0, 2.0]
    );
    let be = aligned(&fixture("f8_big_endian.npy"));
    assert_eq!(
        msg(io::view_npy::<f64, 1, C>(be.bytes()).unwrap_err()),
        "the file holds elements of dtype '>f8', not '<f8' (`f64`)"
    );
    assert_eq!(
        msg(read::<f64, 3, C>("f8_c_2x3.npy").unwrap_err()),
        "the file's array has shape (2, 3) (2 axes), not 3 axes"
    );
    assert_eq!(
        msg(read::<f64, 1, C>("f4_scalar.npy").unwrap_err()),
        "the file holds elements of dtype '<f4', not '<f8' (`f64`)"
    );
    assert!(matches!(
        read::<f32, 1, C>("f4_scalar.npy"),
        Err(NpyError::Rank { expected: 1, .. })
    ));
    // A record read as another record, or as its first field's type:
    assert!(matches!(
        read::<Step, 1, C>("particles.npy"),
        Err(NpyError::DType { .. })
    ));
    assert!(matches!(
        read::<f64, 1, C>("utf8_header.npy"),
        Err(NpyError::DType { .. })
    ));
    // A view of an F file must accept F order; a copy may reorder.
    let bytes = aligned(&fixture("f8_f_2x3.npy"));
    assert!(io::view_npy::<f64, 2, F>(bytes.bytes()).is_ok());
    assert!(io::view_npy::<f64, 2, Strided>(bytes.bytes()).is_ok());
    assert_eq!(
        msg(io::view_npy::<f64, 2, C>(bytes.bytes()).unwrap_err()),
        "the file is in F order, which a view marked `C` cannot see in place: view it as `F` or `Strided`, or read a copy"
    );
    // An array element type takes the file's last axes, in C order.
    let rows: Array<[f64; 3], 1> = read("f8_c_2x3.npy").unwrap();
    assert_eq!(rows.as_slice(), &[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]);
    assert_eq!(write(rows.view()), fixture("f8_c_2x3.npy"));
    let whole: Array<[[f64; 3]; 2], 0> = read("f8_c_2x3.npy").unwrap();
    assert_eq!(write(whole.view()), fixture("f8_c_2x3.npy"));
    assert_eq!(
        msg(read::<[f64; 3], 1, C>("f8_f_2x3.npy").unwrap_err()),
        "`[f64; 3]` elements are the last axes (3,) of a C-ordered file; this file has shape (2, 3)"
    );
    assert_eq!(
        msg(read::<[f64; 2], 1, C>("f8_c_2x3.npy").unwrap_err()),
        "`[f64; 2]` elements are the last axes (2,) of a C-ordered file; this file has shape (2, 3)"
    );
}

/// Bytes at an address aligned to 64, with a way to shift them off it.
struct Aligned {
    words: Vec<[u64; 8]>,
    len: usize,
    shift: usize,
}

impl Aligned {
    fn bytes(&self) -> &[u8] {
        &bytemuck::cast_slice(&self.words)[self.shift..self.shift + self.len]
    }
    fn bytes_mut(&mut self) -> &mut [u8] {
        &mut bytemuck::cast_slice_mut(&mut self.words)[self.shift..self.shift + self.len]
    }
}

fn aligned(data: &[u8]) -> Aligned {
    shifted(data, 0)
}

fn shifted(data: &[u8], shift: usize) -> Aligned {
    let mut a = Aligned {
        words: vec![[0; 8]; (data.len() + shift).div_ceil(64)],
        len: data.len(),
        shift,
    };
    a.bytes_mut().copy_from_slice(data);
    a
}

#[test]
fn text_records_read_back_as_numpy_wrote_them() {
    // Seed 002's structured array, saved by NumPy: `U10` names.
    assert_eq!(Named::numpy_dtype(), Person::numpy_dtype());
    let people: Array<Named, 1> = read("people.npy").unwrap();
    let names: Vec<String> = people.iter().map(|p| p.name.to_string()).collect();
    assert_eq!(names, ["Alice", "Bob"]);
    assert_eq!((people[[0]].age, people[[1]].weight), (25, 70.2));
    assert_eq!(write(people.view()), fixture("people.npy"));
    // In place. A view of the name field alone would step 48 bytes over
    // 40-byte elements, which strides counted in elements cannot say: the
    // error says so (a `[char; 10]` field is viewed as `char`s instead).
    let img = aligned(&fixture("people.npy"));
    let v = io::view_npy::<Named, 1, C>(img.bytes()).unwrap();
    assert_eq!(v[[1]].name, "Bob");
    assert_eq!(v[[1]].name.code_units()[..4], [66, 111, 98, 0]);
    // Big-endian text (`>U3`), each code unit swapped.
    let t: Array<FixedStr<3>, 1> = read("U3_big_endian.npy").unwrap();
    assert_eq!(t.as_slice(), &["ab", "xyz", "é"].map(FixedStr::new));
    // NumPy's rules: cut to N, trailing NULs dropped and others kept, the
    // order of np.sort.
    assert_eq!(FixedStr::<3>::new("Albert"), "Alb");
    assert_eq!(FixedStr::<3>::new("a\0b").len(), 3);
    assert_eq!(FixedStr::<3>::new("ab\0").len(), 2);
    let mut names = ["b", "ab", "a", "", "ba"].map(FixedStr::<3>::new);
    names.sort();
    assert_eq!(names, ["", "a", "ab", "b", "ba"].map(FixedStr::new));
    assert_eq!(
        v.field(Named::FIELDS.name).unwrap_err(),
        stride::LayoutError::FieldStride {
            record: 48,
            element: 40,
            offset: 0
        }
    );
}

#[test]
fn complex_numbers_read_and_write_as_numpy_has_them() {
    use stride::num_complex::{Complex32, Complex64};
    let c: Array<Complex64, 2> = read("c16_2x2.npy").unwrap();
    let want = [
        Complex64::new(1.0, 2.0),
        Complex64::new(-0.0, -3.5),
        Complex64::new(0.25, 0.0),
        Complex64::new(1e300, -1.0),
    ];
    assert_eq!(c.as_slice(), &want);
    assert_eq!(write(c.view()), fixture("c16_2x2.npy"));
    // Big-endian `>c8`: each part's bytes swapped on their own.
    let b: Array<Complex32, 1> = read("c8_big_endian.npy").unwrap();
    assert_eq!(
        b.as_slice(),
        &[
            Complex32::new(1.0, 2.0),
            Complex32::new(3.0, -4.0),
            Complex32::new(-0.0, -0.5)
        ]
    );
    // NumPy's -3.5j and -0.5j have a real part of -0.0.
    assert!(c[[0, 1]].re.is_sign_negative() && b[[2]].re.is_sign_negative());
    assert!(c[[1, 0]].im.is_sign_positive());
    // The library's methods take them as any number.
    assert_eq!(c.sum(), want.iter().sum::<Complex64>());
    let p = c.view().dot(&c.t()).unwrap(); // c @ c.T
    assert_eq!(p[[0, 1]], want[0] * want[2] + want[1] * want[3]);
}

#[test]
fn npz_archives_read_as_numpy_wrote_them_and_round_trip() {
    use std::io::Cursor;
    use stride::io::{NpzReader, NpzWriter};
    let labels = Array::<i32, 1>::from_vec([2], vec![7, 9]).unwrap();
    // np.savez(f, weights=base, labels=labels), stored and deflated (under
    // Miri, stored only: inflating and deflating there take a quarter of a
    // minute, in code that is not this library's).
    let deflated = !cfg!(miri);
    for name in ["named.npz", "compressed.npz"]
        .into_iter()
        .take(1 + usize::from(deflated))
    {
        let mut r = NpzReader::new(Cursor::new(fixture(name))).unwrap();
        assert_eq!(r.names(), ["weights", "labels"], "{name}");
        assert_eq!(r.by_name::<f64, 2, C>("weights").unwrap(), base());
        assert_eq!(r.by_name::<i32, 1, C>("labels").unwrap(), labels);
        assert_eq!(r.header("weights").unwrap().shape(), &[2, 3]);
        // The file's own name finds it too, as in NumPy.
        assert_eq!(r.by_name::<i32, 1, C>("labels.npy").unwrap(), labels);
    }
    // np.savez(f, base, people): positional names, seed 002's records.
    let mut r = NpzReader::new(Cursor::new(fixture("positional.npz"))).unwrap();
    assert_eq!(r.names(), ["arr_0", "arr_1"]);
    let people: Array<Named, 1> = r.by_name("arr_1").unwrap();
    assert_eq!(
        (people[[0]].name, people[[1]].age),
        (FixedStr::new("Alice"), 30)
    );
    // Errors: a missing name lists the names; a wrong type names both.
    assert_eq!(
        r.by_name::<f64, 2, C>("arr_2").unwrap_err().to_string(),
        "the archive has no array 'arr_2': its arrays are ['arr_0', 'arr_1']"
    );
    assert_eq!(
        r.by_name::<f32, 2, C>("arr_0").unwrap_err().to_string(),
        "the file holds elements of dtype '<f8', not '<f4' (`f32`)"
    );
    // Written here, read back, stored and deflated; an F view and a
    // transposed one keep their order in their `.npy` files.
    for compress in [false, true].into_iter().take(1 + usize::from(deflated)) {
        let cursor = Cursor::new(Vec::new());
        let mut w = if compress {
            NpzWriter::compressed(cursor)
        } else {
            NpzWriter::new(cursor)
        };
        w.add("weights", base().view()).unwrap();
        w.add("t", base().t()).unwrap();
        w.add("labels", labels.view()).unwrap();
        assert!(matches!(
            w.add("labels", labels.view()),
            Err(NpyError::Archive { .. })
        ));
        let bytes = w.finish().unwrap().into_inner();
        let mut r = NpzReader::new(Cursor::new(bytes)).unwrap();
        assert_eq!(r.names(), ["weights", "t", "labels"]);
        assert_eq!(r.by_name::<f64, 2, C>("weights").unwrap(), base());
        assert!(r.header("t").unwrap().fortran_order());
        assert_eq!(r.by_name::<f64, 2, F>("t").unwrap().view(), base().t());
        assert_eq!(r.by_name::<i32, 1, C>("labels").unwrap(), labels);
    }
    // Not an archive.
    assert!(matches!(
        NpzReader::new(Cursor::new(fixture("f8_c_2x3.npy"))),
        Err(NpyError::Archive { .. })
    ));
    // A flipped bit in the data: the checksum catches it (NumPy: BadZipFile).
    let mut bad = fixture("named.npz");
    let five = 5.0f64.to_le_bytes();
    let at = bad.windows(8).position(|w| w == five).unwrap();
    bad[at] ^= 1;
    let mut r = NpzReader::new(Cursor::new(bad)).unwrap();
    assert_eq!(
        r.by_name::<f64, 2, C>("weights").unwrap_err().to_string(),
        "bad `.npz` archive: Invalid checksum"
    );
    // Files named `a` and `a.npy`: the exact name first, as NumPy looks.
    let mut r = NpzReader::new(Cursor::new(fixture("colliding.npz"))).unwrap();
    assert_eq!(r.names(), ["a", "a"]);
    assert_eq!(r.by_name::<i32, 1, C>("a").unwrap().as_slice(), &[1]);
    assert_eq!(r.by_name::<i32, 1, C>("a.npy").unwrap().as_slice(), &[2]);
    // A refused element type (zero-sized) leaves no file behind.
    let mut w = NpzWriter::new(Cursor::new(Vec::new()));
    let empty = Array::<[f64; 0], 1>::from_vec([2], vec![[]; 2]).unwrap();
    assert!(matches!(
        w.add("x", empty.view()),
        Err(NpyError::ZeroSized { .. })
    ));
    w.add("x", labels.view()).unwrap();
    let r = NpzReader::new(Cursor::new(w.finish().unwrap().into_inner())).unwrap();
    assert_eq!(r.names(), ["x"]);
}

#[test]
fn views_of_npy_images_are_zero_copy_and_checked() {
    let img = aligned(&fixture("f8_c_2x3.npy"));
    let v: View<f64, 2> = io::view_npy(img.bytes()).unwrap();
    assert_eq!(v, base());
    assert_eq!(v.as_ptr().cast::<u8>(), img.bytes()[128..].as_ptr());
    // Off by one byte: the data is not aligned for `f64`, and a view says so.
    let off = shifted(&fixture("f8_c_2x3.npy"), 1);
    assert!(matches!(
        io::view_npy::<f64, 2, C>(off.bytes()),
        Err(NpyError::Misaligned {
            offset: 128,
            align: 8
        })
    ));
    // A copy does not need alignment.
    assert_eq!(
        io::read_npy::<f64, 2, C, _>(&mut off.bytes()).unwrap(),
        base()
    );
    // Writes through a mutable view land in the image.
    let mut img = aligned(&fixture("particles.npy"));
    {
        let v = io::view_npy_mut::<Particle, 1, C>(img.bytes_mut()).unwrap();
        let mut mass = Particle::fields_mut(v).unwrap().mass;
        mass[[1]] = 20.0;
    }
    let p: Array<Particle, 1> = io::read_npy(&mut img.bytes()).unwrap();
    assert_eq!(p[[1]].mass, 20.0);
    // Padded records can be viewed, not written.
    let q = aligned(&fixture("padded_records.npy"));
    let qv = io::view_npy::<Padded, 1, C>(q.bytes()).unwrap();
    assert_eq!(qv[[1]], Padded { x: 1.5, id: 8 });
}

/// A header with the given dict text, padded as NumPy pads it (format 1.0,
/// or 2.0 past 64 KiB), then `data`.
fn npy_with(dict: &str, data: &[u8]) -> Vec<u8> {
    let v2 = dict.len() > 65_000;
    let prefix = if v2 { 12 } else { 10 };
    let mut text = dict.as_bytes().to_vec();
    while !(prefix + text.len() + 1).is_multiple_of(64) {
        text.push(b' ');
    }
    text.push(b'\n');
    let mut out = if v2 {
        let mut o = b"\x93NUMPY\x02\x00".to_vec();
        o.extend_from_slice(&(text.len() as u32).to_le_bytes());
        o
    } else {
        let mut o = b"\x93NUMPY\x01\x00".to_vec();
        o.extend_from_slice(&(text.len() as u16).to_le_bytes());
        o
    };
    out.extend_from_slice(&text);
    out.extend_from_slice(data);
    out
}

#[test]
fn hostile_headers_are_errors() {
    let read = |bytes: &[u8]| io::read_npy::<f64, 2, C, _>(&mut &bytes[..]);
    let kind = |bytes: &[u8]| read(bytes).unwrap_err().to_string();
    let h = |shape: &str| {
        npy_with(
            &format!("{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}"),
            &[],
        )
    };
    // Sizes that overflow: in elements, in bytes, and in isize.
    assert_eq!(
        kind(&h("(4294967296, 4294967296)")),
        "layout too large: a size, stride or offset does not fit in `isize`"
    );
    assert!(matches!(
        read(&h("(1152921504606846976, 8)")),
        Err(NpyError::Layout(_))
    ));
    assert!(matches!(
        read(&h("(18446744073709551615, 0)")),
        Err(NpyError::Layout(_))
    ));
    assert_eq!(
        kind(&h("(-1, 3)")),
        "bad `.npy` header: `shape` is (-1, 3), not a tuple of non-negative integers that fit in `usize`"
    );
    assert!(kind(&h("(99999999999999999999999, 3)")).contains("not a tuple of non-negative"));
    assert!(kind(&h("[2, 3]")).contains("not a tuple"));
    // A shape that claims 2^40 elements over 16 bytes of data: an error once
    // the data runs out, after at most one 8 MiB chunk, not a 8 TiB allocation.
    let mut big = h("(1099511627776, 1)");
    big.extend_from_slice(&[0; 16]);
    assert_eq!(
        kind(&big),
        "the file ends inside the data: it needs 8796093022208 bytes and has 16"
    );
    assert_eq!(
        kind(&npy_with("{'descr': '<f8', 'shape': (2, 3), }", &[])),
        "bad `.npy` header: the header lacks one of 'descr', 'fortran_order' and 'shape'"
    );
    assert_eq!(
        kind(&npy_with(
            "{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 3), 'x': 1}",
            &[]
        )),
        "bad `.npy` header: the header has the key 'x': it takes 'descr', 'fortran_order' and 'shape' only"
    );
    // Python's reading: `(3)` is not a tuple; `(False)` is False.
    assert!(kind(&h("(3)")).contains("`shape` is 3, not a tuple"));
    let parens = npy_with(
        "{'descr': '<f8', 'fortran_order': (False), 'shape': (1, 1), }",
        &[0; 8],
    );
    assert!(read(&parens).is_ok());
    // Many keys are refused at the first unknown one, not after a quadratic
    // walk (115 000 keys took 15 s before).
    // (natively only: 900 KB of header would take Miri minutes)
    if !cfg!(miri) {
        let many: String = (0..115_000).map(|k| format!("{k}:0,")).collect();
        let t = std::time::Instant::now();
        let e = kind(&npy_with(&format!("{{{many}}}"), &[]));
        assert!(e.contains("the header has the key 0"), "{e}");
        assert!(t.elapsed().as_secs() < 5);
    }
    assert_eq!(
        kind(&npy_with(
            "{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 3), }",
            &[]
        )),
        "bad `.npy` header: `fortran_order` is 0, not True or False"
    );
    assert_eq!(
        kind(&npy_with("{'descr': __import__('os').system('x'), }", &[])),
        "the `.npy` header is not a Python literal: `__import__` is not a literal (expected a string, an integer, `True`, `False`, a tuple, a list or a dict) at byte 10"
    );
    assert_eq!(
        kind(b"PK\x03\x04"),
        "not a `.npy` file: it starts with `PK\\x03\\x04`, not `\\x93NUMPY`"
    );
    assert_eq!(
        kind(b"\x93NUMPY\x04\x00"),
        "`.npy` format version 4.0 is not one of 1.0, 2.0 and 3.0"
    );
    assert_eq!(
        kind(b"\x93NUMPY\x02\x00\xff\xff\xff\xff{"),
        "a `.npy` header of 4294967295 bytes is longer than the 1048576 this reader takes"
    );
    let mut bad_utf8 = fixture("f8_v3.npy");
    bad_utf8[20] = 0xff;
    assert_eq!(kind(&bad_utf8), "a version 3.0 `.npy` header is not UTF-8");
}

#[test]
fn every_truncation_and_corruption_is_an_error() {
    let full = fixture("f8_c_2x3.npy");
    // Under Miri (a parse takes it about 0.1 s), every 29th length and
    // position, each boundary, and four of the values.
    let step = if cfg!(miri) { 29 } else { 1 };
    let lens = (0..full.len()).step_by(step).chain([5, 6, 9, 10, 127, 128]);
    for len in lens {
        let e = io::read_npy::<f64, 2, C, _>(&mut &full[..len]).unwrap_err();
        let expected = match len {
            0..6 => "NotNpy",
            6..128 => "header",
            _ => "data",
        };
        let got = match &e {
            NpyError::NotNpy { .. } => "NotNpy",
            NpyError::Truncated { part, .. } => part,
            // Cut inside the dict: the text ends early.
            NpyError::Syntax { .. } => "header",
            other => panic!("{len}: {other}"),
        };
        assert_eq!(got, expected, "{len}: {e}");
        let img = aligned(&full[..len]);
        assert!(io::view_npy::<f64, 2, C>(img.bytes()).is_err(), "{len}");
    }
    // Every byte of the header and the first data bytes, set to values that
    // matter to the parser: never a panic, and a success only where the
    // byte was padding (or a digit or quote that still parses to the same
    // dtype and size).
    let values = [0u8, b'(', b')', b'\'', b',', b'9', b'-', b'{', 0x93, 0xff];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for pos in (0..full.len().min(140)).step_by(step) {
        for &v in values
            .iter()
            .take(if cfg!(miri) { 4 } else { values.len() })
        {
            let mut b = full.clone();
            b[pos] = v;
            let r = io::read_npy::<f64, 2, C, _>(&mut b.as_slice());
            let img = aligned(&b);
            let _ = io::view_npy::<f64, 2, Strided>(img.bytes());
            let _ = io::read_header(&mut b.as_slice());
            if let Ok(a) = r {
                assert!(a.size() <= 6, "{pos} {v}");
            }
        }
        // And random bytes over the header's length field and dict.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut b = full.clone();
        b[pos] = seed as u8;
        let _ = io::read_npy::<f64, 2, Strided, _>(&mut b.as_slice());
    }
}

#[test]
fn file_save_and_load_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.npy");
    let a = Array::<f32, 3>::from_fn([3, 4, 5], |[i, j, k]| (100 * i + 10 * j + k) as f32).unwrap();
    // A transposed, stepped view: neither C nor F, written as a C copy.
    let v = a
        .view()
        .permute([2, 0, 1])
        .unwrap()
        .index(stride::s![..;2, .., ..])
        .unwrap();
    io::save(&path, v).unwrap();
    let b: Array<f32, 3> = io::load(&path).unwrap();
    assert_eq!(b, v);
    // A file shorter than its header says is refused before allocating.
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
    assert!(matches!(
        io::load::<f32, 3, C>(&path),
        Err(NpyError::Truncated {
            part: "data",
            needed: 144,
            found: 143
        })
    ));
    assert!(matches!(
        io::load::<f32, 3, C>(dir.path().join("missing.npy")),
        Err(NpyError::Io(_))
    ));
}

#[test]
fn memmap_of_npy_files_views_numpy_data_in_place() {
    // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
    let m = unsafe { Memmap::<f64, 2, F>::open_npy(path_of("f8_f_2x3.npy")).unwrap() };
    assert_eq!(m.view(), base());
    assert_eq!(m.view().strides(), &[1, 2]);
    assert!(matches!(
        // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
        unsafe { Memmap::<f64, 2, C>::open_npy(path_of("f8_f_2x3.npy")) },
        Err(NpyError::Order {
            fortran_order: true,
            marker: "C"
        })
    ));
    // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
    let p = unsafe { Memmap::<Particle, 1>::open_npy(path_of("particles.npy")).unwrap() };
    let pos = p.view().field(Particle::FIELDS.pos).unwrap();
    assert_eq!(pos.shape(), &[3, 3]);
    assert_eq!(pos[[2, 1]], 7.0);
    assert!(matches!(
        // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
        unsafe { Memmap::<f64, 1>::open_npy(path_of("f8_big_endian.npy")) },
        Err(NpyError::DType { .. })
    ));

    let dir = tempfile::tempdir().unwrap();
    // open_memmap(mode='w+') then writes: the same bytes as np.save.
    for (order_f, name) in [(false, "f8_c_2x3.npy"), (true, "f8_f_2x3.npy")] {
        let path = dir.path().join(name);
        if order_f {
            // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
            let mut m = unsafe { MemmapMut::<f64, 2, F>::create_npy(&path, [2, 3]).unwrap() };
            m.view_mut().assign(&base().view()).unwrap();
            m.flush().unwrap();
        } else {
            // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
            let mut m = unsafe { MemmapMut::<f64, 2>::create_npy(&path, [2, 3]).unwrap() };
            m.view_mut().assign(&base().view()).unwrap();
        }
        assert_eq!(std::fs::read(&path).unwrap(), fixture(name), "{name}");
    }
    // mode 'r+' writes reach the file; mode 'c' writes do not.
    let path = dir.path().join("f8_c_2x3.npy");
    {
        // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
        let mut m = unsafe { MemmapMut::<f64, 2>::open_npy(&path).unwrap() };
        m.view_mut()[[1, 2]] = 50.0;
    }
    {
        // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
        let mut m = unsafe { MemmapMut::<f64, 2>::copy_on_write_npy(&path).unwrap() };
        assert_eq!(m.view()[[1, 2]], 50.0);
        m.view_mut()[[0, 0]] = -1.0;
        assert_eq!(m.view()[[0, 0]], -1.0);
    }
    let back: Array<f64, 2> = io::load(&path).unwrap();
    assert_eq!((back[[0, 0]], back[[1, 2]]), (0.0, 50.0));
}

#[test]
fn memmap_of_raw_files_as_np_memmap() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large_array.dat");
    // np.memmap('large_array.dat', dtype='float64', mode='w+', shape=(1000000,))
    // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
    let mut m = unsafe { MemmapMut::<f64, 1>::create(&path, [1_000_000]).unwrap() };
    assert_eq!(m.view().sum(), 0.0);
    m.view_mut().fill(2.0);
    m.flush().unwrap();
    drop(m);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 8_000_000);
    // Read back as 1000 x 1000 F, from an offset, and too long a shape.
    // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
    let r = unsafe { Memmap::<f64, 2, F>::open(&path, [1000, 1000], 0).unwrap() };
    assert_eq!(r.view().sum(), 2_000_000.0);
    // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
    let tail = unsafe { Memmap::<f64, 1>::open(&path, [10], 8 * 999_990).unwrap() };
    assert_eq!(tail.shape(), &[10]);
    assert!(matches!(
        // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
        unsafe { Memmap::<f64, 1>::open(&path, [11], 8 * 999_990) },
        Err(NpyError::Truncated {
            part: "data",
            needed: 88,
            found: 80
        })
    ));
    // An offset past the end is refused even for no elements, and says so
    // (NumPy: "mmap offset is greater than file size").
    let past = |r: Result<_, NpyError>| match r {
        Err(e @ NpyError::OffsetPastEnd { .. }) => e.to_string(),
        Err(e) => panic!("{e:?}"),
        Ok(_) => panic!("an offset past the end was mapped"),
    };
    assert_eq!(
        // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
        past(unsafe { Memmap::<f64, 1>::open(&path, [0], 8_000_008) }.map(|_| ())),
        "the offset 8000008 is past the end of the file (8000000 bytes)"
    );
    // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
    past(unsafe { Memmap::<f64, 1>::open(&path, [1], u64::MAX) }.map(|_| ()));
    // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
    past(unsafe { Memmap::<f64, 1>::open_to_end(&path, 8_000_001) }.map(|_| ()));
    assert!(matches!(
        // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
        unsafe { Memmap::<f64, 1>::open(&path, [1], 4) },
        Err(NpyError::Misaligned {
            offset: 4,
            align: 8
        })
    ));
    assert!(matches!(
        // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
        unsafe { Memmap::<f64, 2>::open(&path, [usize::MAX, 2], 0) },
        Err(NpyError::Layout(_))
    ));
    // Without a shape: every element from the offset to the end.
    // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
    let rest = unsafe { Memmap::<f64, 1>::open_to_end(&path, 8 * 999_000).unwrap() };
    assert_eq!((rest.shape(), rest.view().sum()), (&[1000], 2000.0));
    assert!(matches!(
        // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
        unsafe { Memmap::<f64, 1>::open_to_end(&path, 4) },
        Err(NpyError::PartialElement {
            bytes: 7_999_996,
            size: 8
        })
    ));
    {
        // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
        let mut all = unsafe { MemmapMut::<u8, 1>::open_to_end(&path, 0).unwrap() };
        assert_eq!(all.shape(), &[8_000_000]);
        all.view_mut()[[0]] = 0;
    }
    // mode 'r+' lengthens a short file with zeros, as NumPy's memmap does.
    // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
    let mut m = unsafe { MemmapMut::<i32, 2>::open(&path, [1000, 2001], 0).unwrap() };
    assert_eq!(m.view()[[999, 2000]], 0);
    m.view_mut()[[999, 2000]] = 7;
    drop(m);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 8_004_000);
    // SAFETY: a fixture or this test's own file: nothing changes it meanwhile.
    let c = unsafe { MemmapMut::<i32, 1>::copy_on_write(&path, [2_001_000], 0).unwrap() };
    assert_eq!(c.view()[[2_000_999]], 7);
}

#[test]
fn file_load_reads_a_pipe_whose_length_is_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.npy");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here: nothing to check
    }
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, fixture("f8_c_2x3.npy")).unwrap())
    };
    let a: Array<f64, 2> = io::load(&fifo).unwrap();
    writer.join().unwrap();
    assert_eq!(a, base());
}
