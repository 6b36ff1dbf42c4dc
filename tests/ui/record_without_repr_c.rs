// Without #[repr(C)], Rust may reorder fields: no dtype can describe the memory.
#[derive(Clone, Copy, stride::Record)]
struct Particle {
    x: f64,
    id: i32,
}

fn main() {}
