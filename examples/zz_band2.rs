//! scratch (not committed): a += b.T through a malloc'd band scratch per call
//! (glibc reuses freed heap pages below its mmap threshold), transposing copy
//! with non-temporal stores, band rows B.
use std::hint::black_box;
use std::time::Instant;
use stride::{Array, Layout, Slice, View};

fn band_add(a: &mut Array<f64, 2>, b: &Array<f64, 2>, band: usize, pad: usize, stream: bool) {
    let n = a.shape()[0];
    let pitch = n + pad;
    let mut sc: Vec<f64> = Vec::with_capacity(band * pitch);
    let mut r0 = 0;
    while r0 < n {
        let r1 = (r0 + band).min(n);
        // SAFETY (probe): scratch holds band x pitch; b holds n x n.
        unsafe {
            stride_core::kernel::transpose_probe::transpose_copy(
                sc.as_mut_ptr(), pitch as isize, b.as_ptr().add(r0), n as isize, r1 - r0, n, stream);
            sc.set_len((r1 - r0 - 1) * pitch + n);
        }
        let l = Layout::from_parts([r1 - r0, n], [pitch as isize, 1], 0).unwrap();
        let sv = View::from_slice(&sc, l).unwrap();
        let mut ab = a.view_mut().slice([Slice::range(r0 as isize, r1 as isize), Slice::FULL]).unwrap();
        ab += &sv;
        unsafe { sc.set_len(0) };
        r0 = r1;
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map(|x| x.parse().unwrap()).unwrap_or(4096);
    let a0 = Array::<f64, 2>::from_fn([n, n], |[i, j]| ((i * 7 + j) % 13) as f64).unwrap();
    let b = Array::<f64, 2>::from_fn([n, n], |[i, j]| ((i + 3 * j) % 11) as f64).unwrap();
    {
        let mut x = a0.clone(); x += &b.t();
        let mut y = a0.clone(); band_add(&mut y, &b, 300, 8, true);
        assert!(x.as_slice() == y.as_slice(), "band result differs");
    }
    let mut a = a0.clone();
    let cfg: [(usize, usize, bool); 6] = [(256, 8, true), (512, 8, true), (512, 0, true), (1024, 8, true), (512, 8, false), (128, 8, true)];
    let mut names = vec!["a += b".to_string(), "a += b.T".to_string()];
    for (b_, p, s) in cfg { names.push(format!("band {b_} pad {p} {}", if s { "nt" } else { "plain" })); }
    let mut t = vec![vec![]; names.len()];
    for r in 0..9 {
        for k0 in 0..names.len() {
            let k = (k0 + r) % names.len();
            let s = Instant::now();
            match k {
                0 => a += &b.view(),
                1 => a += &b.t(),
                _ => { let (bb, p, st) = cfg[k - 2]; band_add(&mut a, &b, bb, p, st) }
            }
            t[k].push(s.elapsed().as_secs_f64() * 1e3);
            black_box(&a);
        }
    }
    for x in &mut t { x.sort_by(f64::total_cmp); }
    for (k, x) in t.iter().enumerate() { println!("{:22} {:7.2} ms  {:.2}x of a += b", names[k], x[4], x[4] / t[0][4]); }
}
