// A NumPy dtype name where Rust's is expected: the error teaches the Rust name.
use stride::layout;

fn main() {
    let _ = layout!(float64[3, 4]);
}
