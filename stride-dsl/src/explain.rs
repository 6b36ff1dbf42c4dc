//! What a checked layout is, in words: the doc comment the macros put on every
//! item they generate (shape, strides in elements and bytes, flags, a small
//! memory map), and what an editor shows on hover. Its size is bounded whatever
//! the size of the layout.

use stride_core::{Contiguity, DynLayout, Order};

use crate::check::{Checked, fmt_list};

/// Rows and columns of the memory map, at most.
const MAP_ROWS: usize = 4;
const MAP_COLS: usize = 8;

/// The doc comment for a checked layout, as Markdown lines.
pub fn doc(checked: &Checked) -> Vec<String> {
    let l = &checked.layout;
    let mut out = Vec::new();
    let chain: Vec<&str> = checked.steps.iter().map(|(t, _)| t.as_str()).collect();
    out.push(format!(
        "Layout `{}`: rank {}, order marker `{}`.",
        chain.concat(),
        l.rank(),
        checked.contiguity.name()
    ));
    out.push(String::new());
    out.push("| | |".to_owned());
    out.push("|---|---|".to_owned());
    out.push(format!("| shape | `{}` |", fmt_list(l.shape())));
    out.push(format!(
        "| strides (elements) | `{}` |",
        fmt_list(l.strides())
    ));
    match checked.elem.size() {
        Some(sz) => match l.strides_bytes(sz) {
            Ok(b) => out.push(format!(
                "| strides (bytes; `{}` is {sz} byte{}) | `{}` |",
                checked.elem.name(),
                if sz == 1 { "" } else { "s" },
                fmt_list(&b)
            )),
            Err(_) => out.push("| strides (bytes) | too large for `isize` |".to_owned()),
        },
        None => out.push(format!(
            "| strides (bytes) | the strides times `size_of::<{}>()` |",
            checked.elem.name()
        )),
    }
    out.push(format!("| offset (elements) | {} |", l.offset()));
    out.push(format!(
        "| size | {} elements; a buffer needs {} |",
        l.size(),
        l.required_len()
    ));
    out.push(format!("| flags | {} |", flags(l)));
    out.push(String::new());
    out.extend(memory_map(l));
    out
}

/// NumPy's flags and what the marker promises, in one line.
pub fn flags(l: &DynLayout) -> String {
    let yes = |b: bool, name: &str| {
        if b {
            name.to_owned()
        } else {
            format!("not {name}")
        }
    };
    let unique = match l.contiguity() {
        Contiguity::Strided => l.is_unique(),
        _ => true,
    };
    format!(
        "{}, {}, {}",
        yes(l.is_c_contiguous(), "C_CONTIGUOUS"),
        yes(l.is_f_contiguous(), "F_CONTIGUOUS"),
        if unique {
            "unique (each element reached once: a mutable view is allowed)"
        } else {
            "overlapping (an element is reached more than once: read-only)"
        }
    )
}

/// A small memory map: the element offset of the first indices, as a grid over the
/// last two axes (the leading axes at 0), or a row for rank 1.
pub fn memory_map(l: &DynLayout) -> Vec<String> {
    let r = l.rank();
    let mut out = Vec::new();
    if l.size() == 0 {
        out.push("Memory map: the layout is empty; it reaches no element.".to_owned());
        return out;
    }
    if r == 0 {
        out.push(format!(
            "Memory map: the one element is at offset {}.",
            l.offset()
        ));
        return out;
    }
    let (rows, cols) = if r == 1 {
        (1, l.shape()[0])
    } else {
        (l.shape()[r - 2], l.shape()[r - 1])
    };
    let (nr, nc) = (rows.min(MAP_ROWS), cols.min(MAP_COLS));
    let lead = if r > 2 {
        format!("[{}", "0, ".repeat(r - 2))
    } else {
        "[".to_owned()
    };
    out.push(if r == 1 {
        format!(
            "Memory map: element offset of `[j]` for `j < {nc}`{}:",
            if cols > nc {
                format!(" (of {cols})")
            } else {
                String::new()
            }
        )
    } else {
        format!(
            "Memory map: element offset of `{lead}i, j]` for `i < {nr}`, `j < {nc}`{}:",
            if rows > nr || cols > nc {
                format!(" (of {rows} x {cols})")
            } else {
                String::new()
            }
        )
    });
    out.push(String::new());
    out.push("```text".to_owned());
    let mut idx = vec![0usize; r];
    let width = 1 + l.required_len().to_string().len();
    out.push(format!(
        "{:>6}{}",
        "",
        (0..nc)
            .map(|j| format!("{:>w$}", format!("j={j}"), w = width.max(4)))
            .collect::<String>()
    ));
    for i in 0..nr {
        let mut line = if r == 1 {
            format!("{:>6}", "")
        } else {
            format!("{:>6}", format!("i={i}"))
        };
        for j in 0..nc {
            if r >= 2 {
                idx[r - 2] = i;
            }
            idx[r - 1] = j;
            let off = l.offset_of(&idx).expect("index within the shape");
            line.push_str(&format!("{:>w$}", off, w = width.max(4)));
        }
        if cols > nc {
            line.push_str(" …");
        }
        out.push(line);
    }
    if rows > nr {
        out.push(format!("{:>6}", "…"));
    }
    out.push("```".to_owned());
    let order = match l.contiguity() {
        Contiguity::C | Contiguity::RowMajor => Some(Order::C),
        Contiguity::F | Contiguity::ColMajor => Some(Order::F),
        Contiguity::Strided => None,
    };
    if let Some(o) = order {
        out.push(format!(
            "Reading in {} order walks memory forward{}.",
            o.name(),
            if matches!(l.contiguity(), Contiguity::C | Contiguity::F) {
                " without gaps"
            } else {
                ", with gaps between the lanes"
            }
        ));
    }
    out
}
