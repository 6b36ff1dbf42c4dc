// A part of a `Zip` given a layout wider than its buffer would be read and
// written out of bounds: `relayout` is `unsafe`.
use stride::kernel::{IntoPart, Mut, Part, Zip};
use stride::{Array, Layout};

struct Wrapper<'a>(Mut<'a, u64, 1>);

impl<'a> IntoPart<1> for Wrapper<'a> {
    type Part = Mut<'a, u64, 1>;
    fn into_part(self) -> Mut<'a, u64, 1> {
        self.0
    }
}

fn main() {
    let mut a = Array::<u64, 1>::zeros([4]).unwrap();
    let wide = Layout::from_parts([64], [1], 0).unwrap();
    let p = (&mut a).into_part().relayout(wide);
    Zip::from(Wrapper(p)).for_each(|x| *x = 7);
}
