//! An image buffer as cameras and decoders deliver it, height x width x channels
//! (HWC, interleaved RGB), seen as the channels-first planes (CHW) a network
//! wants, without copying: both layouts are types declared with `#[tensor]` and
//! `layout!`, their strides computed by the compiler.
//!
//! ```sh
//! cargo run --example image_chw
//! ```

use stride::{Array, C, LayoutError, StaticLayout, View, layout, tensor};

/// Interleaved 8-bit RGB, 480 rows of 640 pixels.
#[tensor(u8[480, 640, 3])]
struct Hwc;

layout! {
    /// The same bytes as three planes: `hwc.transpose(2, 0, 1)`.
    struct Chw = u8[480, 640, 3].transpose(2, 0, 1);
}

/// A synthetic frame: red grows to the right, green downwards, blue is constant.
fn frame() -> Vec<u8> {
    let mut px = Vec::with_capacity(Hwc::LEN);
    for y in 0..480 {
        for x in 0..640 {
            px.extend([(x * 255 / 639) as u8, (y * 255 / 479) as u8, 77]);
        }
    }
    px
}

fn main() -> Result<(), LayoutError> {
    let pixels = frame();
    // The length is checked against the layout (a typed error otherwise).
    let hwc: View<u8, 3, C> = Hwc::view(&pixels)?;
    assert!(Hwc::view(&pixels[1..]).is_err());
    println!(
        "HWC: shape {:?}, strides {:?} (bytes {:?})",
        Hwc::SHAPE,
        Hwc::STRIDES,
        Hwc::STRIDES_BYTES
    );

    // Channels first, for free: the compiler computed the strides.
    let chw = Chw::view(&pixels)?;
    println!(
        "CHW: shape {:?}, strides {:?}, marker of the view: {:?}",
        Chw::SHAPE,
        Chw::STRIDES,
        chw.layout().contiguity()
    );
    assert_eq!(Chw::STRIDES, [1, 1920, 3]);
    assert_eq!(chw.as_ptr(), hwc.as_ptr()); // the same buffer
    assert_eq!(chw[[0, 10, 320]], hwc[[10, 320, 0]]);

    // Per-channel means through the planes (what normalisation needs).
    let mut means = [0.0f64; 3];
    for (c, m) in means.iter_mut().enumerate() {
        let plane = chw.index_axis(0, c as isize)?; // a strided 480 x 640 view
        *m = plane.iter().map(|&v| v as f64).sum::<f64>() / plane.size() as f64;
    }
    println!("channel means: {means:.2?}");
    assert!((means[0] - 127.5).abs() < 0.6 && (means[1] - 127.5).abs() < 0.6 && means[2] == 77.0);

    // The network's input: contiguous CHW f32, normalised. One copy, on purpose.
    let input: Array<f32, 3, C> = chw.map(|&v| v as f32 / 255.0)?;
    assert_eq!(input.strides(), &[480 * 640, 640, 1]);
    assert_eq!(input[[1, 479, 0]], 1.0); // green at the bottom row
    // Checked against a plain loop over the interleaved bytes.
    for (c, y, x) in [(0, 0, 639), (1, 200, 13), (2, 479, 1)] {
        assert_eq!(
            input[[c, y, x]],
            pixels[(y * 640 + x) * 3 + c] as f32 / 255.0
        );
    }

    // And back: planes (a network's output) into interleaved pixels, again
    // one pass (the planes are read through small interleaved tiles).
    let restored: Array<u8, 3> = input
        .view()
        .permute([1, 2, 0])?
        .map(|&v| (v * 255.0).round() as u8)?;
    assert_eq!(*restored.shape(), Hwc::SHAPE);
    assert_eq!(restored.as_slice(), &pixels[..]);

    println!(
        "CHW view of {} bytes made without copying; f32 input tensor {:?}",
        pixels.len(),
        input.shape()
    );
    assert_eq!(<Chw as StaticLayout<3>>::LEN, pixels.len());
    Ok(())
}
