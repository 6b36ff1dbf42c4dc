// A `Zip` trusts its parts' layouts: no type but the library's can be a part
// (`zip_relayout_is_unsafe.rs`: nor can a part be given another layout
// without `unsafe`).
use stride::kernel::Part;
use stride::{Layout, Strided};

struct Mine;

impl Part<1> for Mine {
    type Item = u64;
    const BROADCASTS: bool = false;
    fn layout(&self) -> Layout<1, Strided> {
        Layout::from_parts([64], [1], 0).unwrap()
    }
    unsafe fn relayout(self, _: Layout<1, Strided>) -> Self {
        self
    }
    unsafe fn item(&self, _: isize) -> u64 {
        0
    }
}

fn main() {}
