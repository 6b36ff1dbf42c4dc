#!/usr/bin/env python3
"""Generates tests/macro_oracle.rs: layout! and window! chains taken from the NumPy
oracle vectors (tests/data/vectors_public.jsonl), each checked three ways in the
generated test: the constant the macro computed at expansion, stride-core's
DynLayout running the same chain at run time, and NumPy's own numbers from the
file (shape, strides, offset, flags), plus the order marker in the constant's
type against the run-time flags.

    python3 scripts/gen_macro_oracle.py          # rewrite tests/macro_oracle.rs
    python3 scripts/gen_macro_oracle.py --check  # exit 1 if it is out of date

Only chains NumPy answers with a view are taken (a copy or an error cannot be a
layout! constant); the compile errors have their own tests in tests/ui/.
"""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "data" / "vectors_public.jsonl"
OUT = ROOT / "tests" / "macro_oracle.rs"
# Cases taken per kind (in file order), so the test stays quick to compile.
PER_KIND = {"reshape": 120, "ravel": 50, "sliding_window": 70}

ELEM = {"int8": "i8", "int16": "i16", "float32": "f32", "float64": "f64", "complex128": "C128"}


def opt(v):
    return "" if v is None else str(v)


def item_text(it):
    t = it["t"]
    if t == "int":
        return str(it["i"])
    if t == "newaxis":
        return "None"
    start, stop, step = it.get("start"), it.get("stop"), it.get("step")
    s = f"{opt(start)}:{opt(stop)}"
    if step is not None:
        s += f":{step}"
    return s


def item_rust(it):
    t = it["t"]
    if t == "int":
        return f"Item::Index({it['i']})"
    if t == "newaxis":
        return "Item::NewAxis"
    o = lambda v: "None" if v is None else f"Some({v})"
    step = 1 if it.get("step") is None else it["step"]
    return f"Item::Slice(Slice::new({o(it.get('start'))}, {o(it.get('stop'))}, {step}))"


def ilist(xs):
    return ", ".join(str(x) for x in xs)


def shape_args(xs):
    """A shape as method arguments: `2, 3`, or `()` for the 0-d shape."""
    return ilist(xs) if xs else "()"


def window_parts(ws, axis):
    """(dsl args, window shape list, axes list or None)."""
    ws_list = [ws] if isinstance(ws, int) else list(ws)
    if axis is None:
        axes = None
    else:
        axes = [axis] if isinstance(axis, int) else list(axis)
    shape_txt = str(ws) if isinstance(ws, int) else f"[{ilist(ws)}]"
    if axes is None:
        return shape_txt, ws_list, None
    axis_txt = str(axis) if isinstance(axis, int) else f"[{ilist(axis)}]"
    return f"{shape_txt}, axis = {axis_txt}", ws_list, axes


def chain(ops):
    """(layout! text of the ops, run-time DynLayout calls), or None if unsupported."""
    text, rt = "", ""
    for op in ops:
        k = op["op"]
        if k == "transpose":
            axes = op["axes"]
            text += f".transpose({ilist(axes)})" if axes else ".T"
            rt += f".permute(&[{ilist(axes)}]).unwrap()"
        elif k == "index":
            text += "[" + ", ".join(item_text(i) for i in op["items"]) + "]"
            rt += ".index(&[" + ", ".join(item_rust(i) for i in op["items"]) + "]).unwrap()"
        elif k == "broadcast_to":
            text += f".broadcast_to({shape_args(op['shape'])})"
            rt += f".broadcast_to(&[{ilist(op['shape'])}]).unwrap()"
        elif k == "sliding_window":
            args, ws, axes = window_parts(op["window_shape"], op["axis"])
            if axes is None and len(ws) == 0:
                return None
            text += f".window({args})"
            rt += window_rt(ws, axes)
        else:
            return None
    return text, rt


def window_rt(ws, axes):
    n = len(ws)
    axes = list(range(n)) if axes is None else axes
    return (f".sliding_window(&[{ilist(ws)}], &[{ilist(axes)}], &[{ilist([1] * n)}], "
            f"&[{ilist([1] * n)}]).unwrap()")


def case_line(cid, elem, base, ops_text, ops_rt, expect, call=None):
    base_txt = f"{elem}[{ilist(base)}]"
    call = call or f"layout!({base_txt}{ops_text})"
    return (
        f"    case!(\"{cid}\", {call},\n"
        f"        DynLayout::c(&[{ilist(base)}]).unwrap(){ops_rt},\n"
        f"        [{ilist(expect['shape'])}], [{ilist(expect['strides'])}], {expect['offset']}, "
        f"{str(expect['c_contiguous']).lower()}, {str(expect['f_contiguous']).lower()});\n"
    )


def main():
    lines = []
    taken = {k: 0 for k in PER_KIND}
    for raw in VECTORS.read_text().splitlines():
        d = json.loads(raw)
        kind, inp, exp = d["kind"], d["input"], d["expect"]
        if kind not in PER_KIND or taken[kind] >= PER_KIND[kind]:
            continue
        elem = ELEM[inp["dtype"]]
        base = inp["base_shape"]
        ch = chain(inp["ops"])
        if ch is None:
            continue
        text, rt = ch
        got = []
        if kind == "reshape":
            new = inp["newshape"]
            for order in ("C", "F"):
                r = exp["orders"][order]
                if r["status"] == "view":
                    got.append((f"{d['id']}/{order}",
                                text + f".reshape({shape_args(new)}, order = {order})",
                                rt + f".reshape_view(&[{ilist(new)}], Order::{order}).unwrap()", r))
        elif kind == "ravel":
            for order in ("C", "F", "A", "K"):
                r = exp["orders"][order]
                if r["status"] == "view":
                    got.append((f"{d['id']}/{order}", text + f".ravel(order = {order})",
                                rt + f".ravel(Order::{order}).1", r))
        elif kind == "sliding_window":
            if exp["status"] != "ok":
                continue
            args, ws, axes = window_parts(inp["window_shape"], inp["axis"])
            w_text = text + f".window({args})"
            w_rt = rt + window_rt(ws, axes)
            got.append((f"{d['id']}/window", w_text, w_rt, exp["window"]))
            # The same windows with window! over the literal layout (window! takes a
            # literal layout of a primitive element type).
            if elem != "C128":
                    got.append((f"{d['id']}/window!", None, w_rt, exp["window"],
                            f"window!({elem}[{ilist(base)}]{text}, {args})"))
            items = inp["step_items"]
            got.append((f"{d['id']}/stepped",
                        w_text + "[" + ", ".join(item_text(i) for i in items) + "]",
                        w_rt + ".index(&[" + ", ".join(item_rust(i) for i in items) + "]).unwrap()",
                        exp["stepped"]))
        if not got:
            continue
        taken[kind] += 1
        for cid, t, r, e, *call in got:
            lines.append(case_line(cid, elem, base, t, r, e, *call))
    body = "".join(lines)
    out = f"""//! Generated by `scripts/gen_macro_oracle.py` from `tests/data/vectors_public.jsonl`
//! (NumPy 2.4.6); do not edit: regenerate. Each case is one chain of NumPy's
//! test vectors written with `layout!` (and its windows with `window!` too): the
//! constant the macro computed at
//! expansion must equal stride-core's `DynLayout` running the same chain at run
//! time and NumPy's own numbers, and the order marker in the constant's type must
//! be the most specific one the run-time flags allow. {len(lines)} chains.

use stride::{{Contiguity, DynLayout, Item, Layout, Order, OrderMarker, Slice, layout, window}};

/// A complex128 stand-in: 16 bytes, for the byte strides of the complex cases.
#[derive(Clone, Copy)]
#[repr(C)]
#[allow(dead_code)]
struct C128([f64; 2]);

#[allow(clippy::too_many_arguments)]
fn check<const R: usize, O: OrderMarker>(
    id: &str,
    l: Layout<R, O>,
    rt: DynLayout,
    shape: &[usize],
    strides: &[isize],
    offset: usize,
    c: bool,
    f: bool,
) {{
    assert_eq!(l.shape(), rt.shape(), "{{id}}: shape: macro vs run time");
    assert_eq!(l.strides(), rt.strides(), "{{id}}: strides: macro vs run time");
    assert_eq!(l.offset(), rt.offset(), "{{id}}: offset: macro vs run time");
    assert_eq!(l.shape(), shape, "{{id}}: shape: macro vs NumPy");
    assert_eq!(l.strides(), strides, "{{id}}: strides: macro vs NumPy");
    assert_eq!(l.offset(), offset, "{{id}}: offset: macro vs NumPy");
    assert_eq!(
        (l.is_c_contiguous(), l.is_f_contiguous()),
        (c, f),
        "{{id}}: flags: macro vs NumPy"
    );
    assert_eq!(O::CONTIGUITY, rt.contiguity(), "{{id}}: order marker vs run-time flags");
    assert_eq!(l.contiguity(), Contiguity::of(shape, strides), "{{id}}: marker vs NumPy");
}}

macro_rules! case {{
    ($id:literal, $l:expr, $rt:expr, [$($s:expr),*], [$($t:expr),*], $o:expr, $c:expr, $f:expr) => {{
        check($id, $l, $rt, &[$($s),*], &[$($t),*], $o, $c, $f)
    }};
}}

#[test]
fn oracle_chains_through_layout() {{
{body}}}
"""
    # Formatted as `cargo fmt` would, so that the check survives it.
    out = subprocess.run(
        ["rustfmt", "--edition", "2024", "--emit", "stdout"],
        input=out, capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout
    if "--check" in sys.argv:
        if OUT.read_text() != out:
            print("tests/macro_oracle.rs is out of date: run python3 scripts/gen_macro_oracle.py")
            sys.exit(1)
        print(f"tests/macro_oracle.rs is up to date ({len(lines)} chains)")
        return
    OUT.write_text(out)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(lines)} chains ({taken})")


if __name__ == "__main__":
    main()
