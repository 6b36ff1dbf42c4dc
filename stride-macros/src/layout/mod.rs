//! `layout!`: the expression form (a checked constant) and the item form (a
//! zero-sized type per layout, implementing `StaticLayout`). Parsing and checking
//! come from the shared `stride-dsl` library; this module only expands.

mod expand;

use proc_macro2::TokenStream;
use stride_dsl::{check, parse};

pub use expand::{expand_item, item_parts};

/// The macro: items when the input declares `struct`s, else an expression.
pub fn layout(input: TokenStream) -> TokenStream {
    if parse::is_item_form(&input) {
        items(input)
    } else {
        expr(input)
    }
}

fn expr(input: TokenStream) -> TokenStream {
    let checked = parse::layout_expr(input).and_then(|e| check::check(&e));
    match checked {
        Ok(c) => expand::expr(&c),
        Err(e) => crate::emit::failed_expr(&e),
    }
}

fn items(input: TokenStream) -> TokenStream {
    let items = match parse::layout_items(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    items
        .iter()
        .map(|it| match check::check(&it.expr) {
            Ok(c) => expand_item(&it.attrs, &it.vis, &it.name, &c),
            Err(e) => expand::failed_item(
                &it.attrs,
                &it.vis,
                &it.name,
                &e,
                check::placeholder(&it.expr).as_ref(),
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;

    /// Number of tokens, counting those inside groups.
    fn count(ts: TokenStream) -> usize {
        ts.into_iter()
            .map(|t| match t {
                proc_macro2::TokenTree::Group(g) => 1 + count(g.stream()),
                _ => 1,
            })
            .sum()
    }

    fn expand(src: &str) -> TokenStream {
        super::layout(src.parse().expect("tokens"))
    }

    #[test]
    fn expansion_does_not_grow_with_the_shape() {
        // One number per axis, whatever the axis length: no loop, no table.
        for (small, large) in [
            ("f64[4, 4]", "f64[10000, 10000]"),
            (
                "f64[4, 4].T.reshape(1, -1, order = F)",
                "f64[10000, 10000].T.reshape(1, -1, order = F)",
            ),
            (
                "u8[4, 4].window([2, 2], step = 2)",
                "u8[10000, 10000].window([64, 64], step = 32)",
            ),
        ] {
            let (a, b) = (count(expand(small)), count(expand(large)));
            assert_eq!(a, b, "`{small}` expands to {a} tokens, `{large}` to {b}");
            assert!(b < 100, "`{large}` expands to {b} tokens");
        }
    }

    #[test]
    fn item_expansion_is_bounded() {
        // The item form also spells the element count and each axis's length as
        // typenum numbers (one `UInt<_, Bx>` per binary digit: at most 64 each)
        // and a memory map of at most 4 x 8 offsets; nothing else depends on the
        // shape.
        let small = count(expand("pub struct A = f32[4, 4];"));
        let large = count(expand("pub struct A = f32[10000, 10000];"));
        let per_bit = count(crate::emit::typenum(3)) - count(crate::emit::typenum(1));
        let digits = |n: usize| (usize::BITS - n.leading_zeros()) as usize;
        let doc_line = 5; // `#[doc = "…"]`: the memory map says it is cut short
        assert_eq!(
            large - small,
            per_bit * (digits(100_000_000) - digits(16) + 2 * (digits(10_000) - digits(4)))
                + doc_line
        );
        // Whatever the lengths, under the bound set by 64 binary digits each.
        let bound = small + per_bit * 64 * 3 + doc_line;
        assert!(bound < 8000, "{bound} tokens at most");
    }
}
