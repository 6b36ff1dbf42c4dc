//! The doc comment the macros put on generated items: shape, strides in elements
//! and bytes, flags, a small memory map, bounded in size whatever the layout.

use stride_dsl::{check, explain, parse};

fn doc(src: &str) -> String {
    let e = parse::layout_expr(src.parse().unwrap()).unwrap();
    explain::doc(&check::check(&e).unwrap()).join("\n")
}

#[test]
fn a_transposed_image_explains_itself() {
    let d = doc("u8[480, 640, 3].transpose(2, 0, 1)");
    println!("{d}");
    assert!(
        d.starts_with("Layout `u8[480, 640, 3].transpose(…)`: rank 3, order marker `Strided`.")
    );
    assert!(d.contains("| shape | `[3, 480, 640]` |"));
    assert!(d.contains("| strides (elements) | `[1, 1920, 3]` |"));
    assert!(d.contains("| strides (bytes; `u8` is 1 byte) | `[1, 1920, 3]` |"));
    assert!(d.contains("not C_CONTIGUOUS, not F_CONTIGUOUS, unique"));
    assert!(d.contains(
        "Memory map: element offset of `[0, i, j]` for `i < 4`, `j < 8` (of 480 x 640):"
    ));
    // Row i = 1 of the first plane starts 1920 elements in, one pixel (3) apart.
    assert!(d.contains("   i=1   1920   1923   1926"));
}

#[test]
fn windows_say_they_overlap() {
    let d = doc("f64[10].window(4, step = 2)");
    println!("{d}");
    assert!(d.contains("| strides (bytes; `f64` is 8 bytes) | `[16, 8]` |"));
    assert!(d.contains("overlapping (an element is reached more than once: read-only)"));
}

#[test]
fn the_doc_is_bounded() {
    // At most a 4 x 8 grid of offsets, whatever the shape.
    let large = doc("f32[100000, 100000]");
    assert!(large.len() < 1500, "{} bytes of doc", large.len());
    assert_eq!(large.lines().filter(|l| l.starts_with("   i=")).count(), 4);
}
