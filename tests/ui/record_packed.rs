// Packed fields may be unaligned: views of them would be unsound.
#[derive(Clone, Copy, stride::Record)]
#[repr(C, packed)]
struct Packed {
    a: u8,
    b: f64,
}

fn main() {}
