//! Sliding windows with `window!`, as NumPy's `sliding_window_view` plus a step
//! and a dilation: a moving average over a signal, 3x3 patches of an image (a box
//! blur and a Sobel edge filter), and non-overlapping tiles written in place.
//! No window is copied: each is a view of the input's memory.
//!
//! ```sh
//! cargo run --example windows
//! ```

use stride::{Array, Layout, LayoutError, Strided, window};

/// Frames of 256 samples, hopping by 128, over one second at 8 kHz: computed by
/// the compiler (a literal layout is checked completely at expansion).
const FRAMES: Layout<2, Strided> = window!(f32[8000], 256, step = 128);

fn main() -> Result<(), LayoutError> {
    // --- A moving average over a noisy signal. -------------------------------
    let n = 1000;
    let signal = Array::<f64, 1>::from_fn([n], |[i]| {
        let t = i as f64 / 100.0;
        t.sin() + 0.3 * ((i * 7919) % 13) as f64 / 13.0 // a sine and some noise
    })?;
    let k = 9;
    let windows = window!(signal.view(), k)?; // shape [n - k + 1, k], strides [1, 1]
    assert_eq!(
        (windows.shape(), windows.strides()),
        (&[n - k + 1, k], &[1, 1])
    );
    let smooth: Vec<f64> = (0..windows.shape()[0])
        .map(|i| {
            windows
                .index_axis(0, i as isize)
                .map(|w| w.iter().sum::<f64>() / k as f64)
        })
        .collect::<Result<_, _>>()?;
    // Checked against the plain loop.
    for i in [0, 17, 500, n - k] {
        let naive = signal.as_slice()[i..i + k].iter().sum::<f64>() / k as f64;
        assert!((smooth[i] - naive).abs() < 1e-12);
    }
    let rough = |v: &[f64]| v.windows(2).map(|p| (p[1] - p[0]).abs()).sum::<f64>();
    println!(
        "moving average of {k}: {} windows over {n} samples, total variation {:.2} -> {:.2}",
        smooth.len(),
        rough(signal.as_slice()),
        rough(&smooth)
    );
    // Every 4th window, dilated by 2 (window elements i, i+2, ..., i+16).
    let sparse = window!(signal.view(), k, step = 4, dilation = 2)?;
    assert_eq!(sparse.shape(), &[(n - 16).div_ceil(4), k]); // starts 0, 4, ... <= n - 17
    assert_eq!(sparse[[2, 3]], signal[[2 * 4 + 3 * 2]]);
    println!(
        "frames of 256 samples hop 128 over 8000: shape {:?}, strides {:?}",
        FRAMES.shape(),
        FRAMES.strides()
    );

    // --- 3x3 patches of an image. --------------------------------------------
    let (h, w) = (48, 64);
    let img = Array::<f32, 2>::from_fn(
        [h, w],
        |[y, x]| if x >= 32 { 1.0 } else { (y % 2) as f32 * 0.1 },
    )?;
    let patches = window!(img.view(), [3, 3])?; // [h - 2, w - 2, 3, 3]
    assert_eq!(patches.shape(), &[h - 2, w - 2, 3, 3]);
    assert_eq!(patches.strides(), &[w as isize, 1, w as isize, 1]);
    let sobel_x = [[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]];
    let mut blur = Array::<f32, 2>::zeros([h - 2, w - 2])?;
    let mut edges = Array::<f32, 2>::zeros([h - 2, w - 2])?;
    for y in 0..h - 2 {
        for x in 0..w - 2 {
            let (mut s, mut g) = (0.0, 0.0);
            for dy in 0..3 {
                for dx in 0..3 {
                    let v = patches[[y, x, dy, dx]];
                    s += v;
                    g += sobel_x[dy][dx] * v;
                }
            }
            blur[[y, x]] = s / 9.0;
            edges[[y, x]] = g;
        }
    }
    // The edge is between columns 31 and 32: the filter fires there and only there.
    let strongest = (0..w - 2)
        .max_by(|&a, &b| edges[[10, a]].total_cmp(&edges[[10, b]]))
        .unwrap_or(0);
    assert!(strongest == 30 || strongest == 31);
    assert!((blur[[20, 45]] - 1.0).abs() < 1e-6);
    println!(
        "3x3 patches of a {h}x{w} image: Sobel edge found at column {} (+1 for the border)",
        strongest + 1
    );

    // --- Tiles that do not overlap can be written through. ---------------------
    let mut tiles_img = Array::<u8, 2>::zeros([h, w])?;
    {
        let mut tiles = window!(mut tiles_img.view_mut(), [8, 8], step = [8, 8])?;
        assert_eq!(tiles.shape(), &[6, 8, 8, 8]);
        for ty in 0..6 {
            for tx in 0..8 {
                tiles[[ty, tx, 0, 0]] = (ty * 8 + tx) as u8; // mark each tile's corner
            }
        }
    }
    assert_eq!(tiles_img[[16, 24]], 2 * 8 + 3);
    println!("8x8 tiles written in place: tile (2, 3) starts at pixel (16, 24)");
    // Overlapping windows of the same image are refused for writing (at compile
    // time when the sizes are literal: see tests/ui/window_mut_overlapping.rs).
    let step = 4;
    assert!(window!(mut tiles_img.view_mut(), [8, 8], step = [step, step]).is_err());
    Ok(())
}
